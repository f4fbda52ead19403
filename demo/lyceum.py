"""The demo lyceum: about 900 students, 70 teachers, 40 organisations, 30 external mentors, ~150 mentorships.

Everything comes from one `random.Random(seed)`, so the same seed and the same «today» give the same
lyceum. People, plans, meetings and feedback are bulk-created; every mentorship goes through
`services.mentorship_create`, so the demo obeys the same rules as real data.
"""

import calendar
import datetime
import random
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mentorship.dates import full_years
from mentorship.models import (
    BestMentor,
    IndividualPlan,
    Meeting,
    MenteeCategory,
    Mentorship,
    MentorshipForm,
    Organization,
    Person,
    PlanItem,
    RoleModel,
)
from mentorship.services import mentorship_create
from mentorship.validators import inn_is_valid
from monitoring.models import Answer, Questionnaire, Response
from monitoring.models import Item as Question
from monitoring.selectors import RATING_KEYS

from . import lyceum_texts as T

DEMO_MENTOR_ROSTER_ID = "DEMO-MENTOR"
# Curators listed on the public page: (position, e-mail); example.ru is reserved for examples.
CURATOR_CONTACTS = [
    ("заместитель директора по воспитательной работе", "kurator@example.ru"),
    ("советник директора по воспитанию", "sovetnik@example.ru"),
]
LAUNCH = datetime.date(2020, 11, 2)  # the programme's first mentorships
EARLIEST_TODAY = datetime.date(2021, 9, 1)

Kind = Person.Kind
Code = MentorshipForm.Code
Status = Mentorship.Status
Item = PlanItem.Status
Territory = Organization.Territory
OrgKind = Organization.Kind
DAY = datetime.timedelta(days=1)

CATEGORY_WEIGHTS = {
    "outstanding": 30,
    "underachieving": 22,
    "disabilities": 7,
    "difficult_life": 10,
    "behaviour": 12,
    "disengaged": 14,
}
FORM_WEIGHTS = {
    Code.STUDENT_STUDENT: 42,
    Code.TEACHER_TEACHER: 20,
    Code.UNIVERSITY_STUDENT: 17,
    Code.EMPLOYER_STUDENT: 21,
}
# How likely a mentorship starts in each month: September and the second half-year's start dominate.
MONTH_WEIGHTS = {9: 10, 10: 9, 11: 6, 12: 3, 1: 6, 2: 5, 3: 3, 4: 2, 5: 1, 6: 0.5, 7: 0.2, 8: 0.5}
ORG_KINDS = {"e": OrgKind.ENTERPRISE, "u": OrgKind.EDUCATIONAL, "o": OrgKind.OTHER}


def _school_year(day):
    """The year its school year began on 1 September."""
    return day.year if day.month >= 9 else day.year - 1


def _add_months(day, months):
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _weekday(day):
    """Saturday and Sunday move back to Friday."""
    return day - DAY * max(0, day.weekday() - 4)


@dataclass
class _Feedback:
    """A participant's satisfaction questionnaire as the demo draws it; saved as a monitoring response."""

    mentorship: Mentorship
    author_role: str
    mentee: Person | None
    valuable: str
    missing: str
    would_continue: bool
    would_become_mentor: bool
    created_by: object
    ratings: dict

    def average(self):
        return round(sum(self.ratings.values()) / len(self.ratings), 1)


def _save_feedback(rows):
    """The demo's feedback as responses to the default kit's satisfaction questionnaires, typed in from paper."""
    if not rows:
        return
    questionnaires = {role: Questionnaire.objects.get(code=f"satisfaction-{role}") for role in ("mentor", "mentee")}
    items = {
        role: {i.key: i for i in Question.objects.filter(questionnaire=q, retired_at__isnull=True)}
        for role, q in questionnaires.items()
    }
    now = timezone.now()
    responses = Response.objects.bulk_create(
        Response(
            questionnaire=questionnaires[row.author_role],
            role=row.author_role,
            person=row.mentee if row.author_role == "mentee" else row.mentorship.mentor,
            mentorship=row.mentorship,
            channel=Response.Channel.PAPER,
            entered_by=row.created_by,
            submitted_at=now,
        )
        for row in rows
    )
    answers = []
    for row, response in zip(rows, responses, strict=True):
        by_key = items[row.author_role]
        answers += [Answer(response=response, item=by_key[k], number=v) for k, v in row.ratings.items()]
        answers += [Answer(response=response, item=by_key[k], text=getattr(row, k)) for k in ("valuable", "missing")]
        answers += [
            Answer(response=response, item=by_key[k], flag=getattr(row, k))
            for k in ("would_continue", "would_become_mentor")
        ]
    Answer.objects.bulk_create(answers, batch_size=5000)


def _clamp(value):
    return max(1, min(10, value))


def _inn10(rng, prefix, used):
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    while True:
        body = prefix + "".join(str(rng.randint(0, 9)) for _ in range(9 - len(prefix)))
        digits = [int(c) for c in body]
        inn = body + str(sum(d * w for d, w in zip(digits, weights, strict=True)) % 11 % 10)
        if inn not in used:
            assert inn_is_valid(inn)
            used.add(inn)
            return inn


def _phone(rng, prefix):
    if prefix == "4307":
        return f"+7 (83334) 6-{rng.randint(10, 99)}-{rng.randint(10, 99)}"
    if prefix.startswith("43"):
        return f"+7 (8332) {rng.randint(20, 79)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}"
    if prefix == "1650":
        return f"+7 (8552) {rng.randint(30, 79)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}"
    return f"+7 (843) {rng.randint(200, 299)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}"


def _mobile(rng):
    return f"+7 9{rng.randint(10, 99)} {rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}"


class _Names:
    """Russian (and, as in Вятские Поляны, Tatar) full names, never the same one twice."""

    def __init__(self, rng):
        self.rng = rng
        self.used = set()

    def make(self, female, generation):
        rng = self.rng
        for _attempt in range(30):
            tatar = rng.random() < 0.18
            surname = rng.choice(T.TATAR_SURNAMES if tatar else T.RUSSIAN_SURNAMES)
            if female:
                surname = T.feminine_surname(surname)
            tatar_name = tatar and rng.random() < 0.75
            if generation == "child":
                names = (T.TATAR_GIRLS if female else T.TATAR_BOYS) if tatar_name else (T.GIRLS if female else T.BOYS)
                fathers = T.TATAR_FATHERS if tatar else T.FATHERS_YOUNG
            elif generation == "young":
                names = (
                    (T.TATAR_WOMEN if female else T.TATAR_MEN)
                    if tatar_name
                    else (T.YOUNG_WOMEN if female else T.YOUNG_MEN)
                )
                fathers = T.TATAR_FATHERS if tatar else T.FATHERS_YOUNG + T.FATHERS_OLD
            else:
                names = (T.TATAR_WOMEN if female else T.TATAR_MEN) if tatar_name else (T.WOMEN if female else T.MEN)
                fathers = T.TATAR_FATHERS if tatar else T.FATHERS_OLD
            first = rng.choice(names)
            _father, son, daughter = rng.choice(fathers)
            key = (surname, first, daughter if female else son)
            if key not in self.used:
                break
        self.used.add(key)
        return key


class _People:
    """Organisations and people, unsaved; their extra attributes (`demo_*`) help choose pairs later."""

    def __init__(self, rng, today):
        self.rng = rng
        self.today = today
        self.y0 = _school_year(today)
        self.names = _Names(rng)
        self.organizations = self._organizations()
        self.students = self._students()
        self.teachers = self._teachers()
        self.externals = self._externals()
        self._agreements()

    @property
    def people(self):
        return self.students + self.teachers + self.externals

    def _random_day(self, first, last):
        return first + DAY * self.rng.randint(0, max(0, (last - first).days))

    # Organisations ---------------------------------------------------------------------------
    def _organizations(self):
        used = set()
        organizations = []
        for name, kind, territory, prefix, address in T.ORGANIZATIONS:
            organization = Organization(
                name=name,
                kind=ORG_KINDS[kind],
                territory=territory,
                inn=_inn10(self.rng, prefix, used),
                contacts=f"{address}\nтел. {_phone(self.rng, prefix)}",
            )
            organization.demo_prefix = prefix
            organizations.append(organization)
        return organizations

    def _agreements(self):
        """Most organisations that give mentors have an agreement with the lyceum, and a few others."""
        first_mentor = {}
        for person in self.externals:
            org = person.organization
            first_mentor[org.name] = min(first_mentor.get(org.name, person.date_joined), person.date_joined)
        number = 0
        for org in sorted(self.organizations, key=lambda o: first_mentor.get(o.name, self.today)):
            joined = first_mentor.get(org.name)
            if joined is not None and self.rng.random() < 0.9:
                org.agreement_date = _weekday(joined - DAY * self.rng.randint(5, 40))
            elif joined is None and org.kind != OrgKind.OTHER and self.rng.random() < 0.15:
                org.agreement_date = _weekday(self._random_day(datetime.date(2021, 1, 15), self.today - 30 * DAY))
            else:
                continue
            number += 1
            org.agreement_number = f"{number}/{org.agreement_date:%y}-Н"

    # Students --------------------------------------------------------------------------------
    def _student(self, *, grade, year, date_left=None):
        """A student who is in `grade` in the school year beginning in `year`."""
        rng = self.rng
        female = rng.random() < 0.5
        last, first, patronymic = self.names.make(female, "child")
        born = year - grade - 7
        r = rng.random()
        if r < 0.07:
            birth = datetime.date(born + 1, 1, 1) + DAY * rng.randint(0, 240)
        elif r < 0.10:
            birth = datetime.date(born - 1, 9, 1) + DAY * rng.randint(0, 121)
        else:
            birth = datetime.date(born, 1, 1) + DAY * rng.randint(0, 364)
        if grade == 5:
            entry = 5
        elif grade >= 10 and rng.random() < 0.35:
            entry = 10
        else:
            entry = 5 if rng.random() < 0.7 else rng.randint(6, min(grade, 9))
        join_year = year - (grade - entry)
        joined = datetime.date(join_year, 9, 1)
        if rng.random() < 0.05:  # came in the middle of a school year
            mid = datetime.date(join_year, 10, 1) + DAY * rng.randint(0, 180)
            if mid <= min(date_left or self.today, self.today) - 30 * DAY:
                joined = _weekday(mid)
        consent = publication_date = None
        if rng.random() < 0.93:
            start = max(joined, datetime.date(2020, 9, 1))
            consent = min(_weekday(start + DAY * rng.randint(0, 12)), self.today)
            if rng.random() < 0.5:
                publication_date = consent
        person = Person(
            kind=Kind.STUDENT,
            last_name=last,
            first_name=first,
            patronymic=patronymic,
            birth_date=birth,
            grade=grade,
            class_letter=rng.choice("АБВГ" if grade <= 9 else "АБВ"),
            date_joined=joined,
            date_left=date_left,
            pd_consent_date=consent,
            publication_consent=publication_date is not None,
            publication_consent_date=publication_date,
        )
        person.demo_cohort = year - grade + 1  # the year this student was (or would have been) in grade 1
        person.demo_categories = []
        return person

    def _students(self):
        rng, y0 = self.rng, self.y0
        left = []
        for year in range(2020, y0):  # graduates: in grade 11 in `year`, left at the end of June
            left += [self._student(grade=11, year=year, date_left=datetime.date(year + 1, 6, 30)) for _ in range(13)]
        for _ in range(20):  # moved away in the middle of a year
            day = self._random_day(datetime.date(2021, 1, 11), self.today - 14 * DAY)
            if day.month in (7, 8):
                day = datetime.date(day.year, 6, rng.randint(1, 25))
            left.append(self._student(grade=rng.randint(5, 10), year=_school_year(day), date_left=_weekday(day)))
        classes = [(grade, letter) for grade in range(5, 12) for letter in ("АБВГ" if grade <= 9 else "АБВ")]
        current = rng.randint(890, 910) - len(left)
        sizes = [current // len(classes)] * len(classes)
        for i in range(current - sum(sizes)):
            sizes[i] += 1
        for i in range(0, len(sizes) - 1, 2):
            shift = rng.randint(-2, 2)
            sizes[i] += shift
            sizes[i + 1] -= shift
        students = []
        for (grade, letter), size in zip(classes, sizes, strict=True):
            for _ in range(size):
                student = self._student(grade=grade, year=y0)
                student.class_letter = letter
                students.append(student)
        students += left
        codes, weights = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())
        for student in students:
            if rng.random() < (0.2 if student.date_left is None else 0.12):
                chosen = {rng.choices(codes, weights)[0]}
                if rng.random() < 0.2:
                    chosen.add(rng.choices(codes, weights)[0])
                if {"outstanding", "underachieving"} <= chosen:
                    chosen.discard("outstanding")
                student.demo_categories = sorted(chosen)
        on_roll = [s for s in students if s.is_on_roll(self.today)]
        for student in rng.sample(on_roll, 4):  # data-quality warnings have something to show
            student.birth_date = None
        return students

    # Teachers --------------------------------------------------------------------------------
    def _teacher(self, position, subjects, *, career_start, joined, female=None, birth=None, name=None):
        rng = self.rng
        if female is None:
            female = rng.random() < 0.82
        if name is None:
            young = career_start is not None and career_start.year >= 2014
            name = self.names.make(female, "young" if young else "adult")
        if birth is None:
            start_year = (career_start or joined).year
            birth = datetime.date(start_year - rng.choice([21, 22, 22, 23, 23, 24, 26, 29]), 1, 1) + DAY * rng.randint(
                0, 364
            )
        return Person(
            kind=Kind.TEACHER,
            last_name=name[0],
            first_name=name[1],
            patronymic=name[2],
            birth_date=birth,
            position=position,
            subjects=subjects,
            career_start=career_start,
            date_joined=joined,
            phone=_mobile(rng),
        )

    def _teachers(self):
        rng, y0 = self.rng, self.y0
        staff = [(position, subjects) for position, subjects, count in T.STAFF for _ in range(count)]
        rng.shuffle(staff)
        teachers = []
        last, first, patronymic, position, subjects = T.DIRECTOR
        teachers.append(
            self._teacher(
                position,
                subjects,
                career_start=datetime.date(1990, 8, 15),
                joined=datetime.date(1998, 9, 1),
                female=False,
                birth=datetime.date(1967, 3, 4),
                name=(last, first, patronymic),
            )
        )
        last, first, patronymic, position, subjects = T.DEMO_MENTOR
        demo_mentor = self._teacher(
            position,
            subjects,
            career_start=datetime.date(1998, 9, 1),
            joined=datetime.date(2003, 9, 1),
            female=True,
            birth=datetime.date(1976, 4, 12),
            name=(last, first, patronymic),
        )
        demo_mentor.roster_id = DEMO_MENTOR_ROSTER_ID
        teachers.append(demo_mentor)

        # Career starts of the teachers who are young now, or were young at some point since 2020.
        recent = [datetime.date(y0 - 2, 9, 1)] * 4 + [datetime.date(y0 - 1, 9, 1)] * 2 + [datetime.date(y0, 1, 10)]
        recent += [datetime.date(y0, 9, 1)] * 3
        for year in range(2017, y0 - 2):
            recent += [datetime.date(year, 9, 1)] * (3 if year >= y0 - 5 else 2)
        no_career = {"социальный педагог", "педагог-библиотекарь", "педагог дополнительного образования"}
        ordinary = [i for i, (position, _s) in enumerate(staff) if position in ("учитель", "педагог-психолог")]
        recent_slots = dict(zip(rng.sample(ordinary, len(recent)), recent, strict=True))
        for i, (position, subjects) in enumerate(staff):
            if i in recent_slots:
                career = recent_slots[i]
                joined = career if rng.random() < 0.85 else datetime.date(min(career.year + 1, y0), 9, 1)
            elif position in no_career:
                career = None
                joined = datetime.date(rng.randint(2008, 2021), 9, 1)
            else:
                high = 2000 if position.startswith("заместитель") else 2015
                career = datetime.date(rng.randint(1982, high), rng.choice([8, 9, 9, 9]), rng.choice([1, 15]))
                if career.month == 9:
                    career = career.replace(day=1)
                hired = rng.randint(max(career.year, 1995), 2019) if rng.random() < 0.85 else rng.randint(2020, y0 - 1)
                joined = datetime.date(hired, 9, 1)
            teachers.append(self._teacher(position, subjects, career_start=career, joined=joined))

        # A few left: two experienced teachers and one who had been a young specialist.
        experienced = [t for t in teachers[2:] if t.career_start and t.career_start.year < 2010]
        formerly_young = [t for t in teachers if t.career_start and 2018 <= t.career_start.year <= 2020]
        leaving = [
            (rng.choice(experienced), datetime.date(2022, 6, 30)),
            (rng.choice(experienced), datetime.date(2024, 8, 30)),
            (rng.choice(formerly_young), datetime.date(2023, 6, 30)),
        ]
        for teacher, day in leaving:
            if teacher.date_joined < day < self.today:
                teacher.date_left = day
        # The programme's curators who agreed to be listed in the public page's contacts (no random draw:
        # the same seed keeps the same lyceum).
        for position, email in CURATOR_CONTACTS:
            listed = next((t for t in teachers if t.position == position and t.date_left is None), None)
            if listed is not None:
                listed.public_contact, listed.email = True, email
        return teachers

    # External mentors ------------------------------------------------------------------------
    def _employer_position(self, organization):
        name = organization.name
        for key, position in (
            ("Аптеч", "провизор"),
            ("Ветеринар", "ветеринарный врач"),
            ("Колхоз", "агроном"),
            ("Агрофирма", "агроном"),
            ("Птицефабрика", "зоотехник"),
            ("Лесхоз", "инженер лесного хозяйства"),
            ("Софт", "программист"),
            ("ИТ-", "программист"),
            ("Строй", "прораб"),
            ("Торговый", "управляющий магазином"),
        ):
            if key in name:
                return position
        return self.rng.choice([*T.EMPLOYER_POSITIONS[:8], "главный энергетик", "механик"])

    def _externals(self):
        rng, today = self.rng, self.today
        by = defaultdict(list)
        for org in self.organizations:
            by[org.kind, org.territory].append(org)
        enterprises = (
            rng.sample(by[OrgKind.ENTERPRISE, Territory.TOWN], 9)
            + rng.sample(by[OrgKind.ENTERPRISE, Territory.DISTRICT], 4)
            + rng.sample(by[OrgKind.ENTERPRISE, Territory.ELSEWHERE], 1)
        )
        enterprises += rng.sample(enterprises[:9], 4)
        colleges = by[OrgKind.EDUCATIONAL, Territory.TOWN] * 2 + by[OrgKind.EDUCATIONAL, Territory.DISTRICT] * 2
        colleges += by[OrgKind.EDUCATIONAL, Territory.ELSEWHERE]
        externals = []
        span_end = today - 150 * DAY
        for i, org in enumerate(enterprises):
            female = rng.random() < 0.45
            last, first, patronymic = self.names.make(female, "adult")
            if i < 5:
                joined = datetime.date(2020, 10, rng.randint(1, 28))
            else:
                joined = self._random_day(datetime.date(2020, 11, 1), span_end)
            left = None
            if i in (6, 11):
                left = joined + DAY * rng.randint(500, 900)
                left = left if left < today - 30 * DAY else None
            externals.append(
                Person(
                    kind=Kind.EXTERNAL,
                    last_name=last,
                    first_name=first,
                    patronymic=patronymic,
                    birth_date=datetime.date(rng.randint(1968, 1996), 1, 1) + DAY * rng.randint(0, 364),
                    organization=org,
                    position=self._employer_position(org),
                    date_joined=_weekday(joined),
                    date_left=left and _weekday(left),
                    phone=_mobile(rng),
                )
            )
        for i, org in enumerate(colleges):
            female = rng.random() < 0.6
            last, first, patronymic = self.names.make(female, "young")
            joined = (
                datetime.date(2020, 10, rng.randint(5, 25))
                if i < 3
                else self._random_day(datetime.date(2020, 11, 1), span_end)
            )
            left = joined + DAY * rng.randint(540, 800)
            left = left if left < today - 10 * DAY else None
            speciality = next(
                (rng.choice(v) for k, v in T.STUDENT_SPECIALITIES if k in org.name), "Педагогическое образование"
            )
            course = rng.randint(2, 3)
            position = f"{'студентка' if female else 'студент'} {course} курса, «{speciality}»"
            externals.append(
                Person(
                    kind=Kind.EXTERNAL,
                    last_name=last,
                    first_name=first,
                    patronymic=patronymic,
                    birth_date=datetime.date(joined.year - 16 - course, 1, 1) + DAY * rng.randint(0, 364),
                    organization=org,
                    position=position,
                    date_joined=_weekday(joined),
                    date_left=left and _weekday(left),
                    phone=_mobile(rng),
                )
            )
        return externals


def demo_people_plan(*, seed=2020, today=None):
    """The demo's people, unsaved: what `demo_lyceum_build` would create with the same seed and today."""
    today = today or timezone.localdate()
    return _People(random.Random(seed), today).people


@dataclass
class _Spec:
    form: MentorshipForm
    role_model: RoleModel
    mentor: Person
    mentees: list
    start: datetime.date
    planned_end: datetime.date
    end: datetime.date | None
    status: str
    theme: str
    subject: str
    reason: str = ""

    @property
    def last_day(self):
        return self.end or self.planned_end

    def text(self, template):
        return template.format(subject=self.subject)


class _Mentorships:
    """Chooses who mentors whom and when so that every rule holds, then writes it all."""

    def __init__(self, rng, people, today, curators):
        self.rng = rng
        self.today = today
        self.y0 = people.y0
        self.students = [s for s in people.students if s.birth_date and s.pd_consent_date]
        self.teachers = people.teachers
        self.externals = people.externals
        self.curators = list(curators)
        self.curator_rng = random.Random(rng.random())
        self.limit = settings.MENTOR_MAX_MENTEES
        self.forms = {f.code: f for f in MentorshipForm.objects.all()}
        self.role_models = {(rm.form.code, rm.name): rm for rm in RoleModel.objects.select_related("form")}
        self.mentor_busy = defaultdict(list)  # person pk → [(first day, last day, mentees)]
        self.mentee_busy = defaultdict(list)  # person pk → [(first day, last day)]
        self.mentor_count = defaultdict(int)
        self.specs = []

    # Who is free ------------------------------------------------------------------------------
    @staticmethod
    def _on_roll(person, start, last):
        """On roll when the mentorship starts, and not leaving before its last day."""
        return person.is_on_roll(start) and (person.date_left is None or last <= person.date_left)

    def _free(self, person, start, last):
        return not any(a <= last and start <= b for a, b in self.mentee_busy[person.pk])

    def _room(self, person, start, last):
        return self.limit - sum(n for a, b, n in self.mentor_busy[person.pk] if a <= last and start <= b)

    def _pick(self, items, weights, k):
        items, weights, chosen = list(items), list(weights), []
        for _ in range(min(k, len(items))):
            i = self.rng.choices(range(len(items)), weights)[0]
            chosen.append(items.pop(i))
            weights.pop(i)
        return chosen

    def _group_size(self, sizes, room):
        size = self.rng.choices([1, 2, 3], sizes)[0]
        return max(1, min(size, room))

    @staticmethod
    def _grade(student, day):
        return _school_year(day) - student.demo_cohort + 1

    @staticmethod
    def _age(person, day):
        return full_years(person.birth_date, day)

    # Dates and status -------------------------------------------------------------------------
    def _planned_end(self, code, start):
        rng = self.rng
        may = datetime.date(_school_year(start) + 1, 5, 31)
        if code == Code.TEACHER_TEACHER:
            if rng.random() < 0.2:
                end = _add_months(start, 12)
            else:
                end = min(_add_months(start, rng.randint(8, 10)), datetime.date(_school_year(start) + 1, 6, 30))
        else:
            low, high = {Code.STUDENT_STUDENT: (3, 8), Code.EMPLOYER_STUDENT: (2, 6)}.get(code, (3, 8))
            end = min(_add_months(start, rng.randint(low, high)), may)
        if (end - start).days < 60:
            end = start + 75 * DAY
        return _weekday(end)

    def _status(self, start, planned_end):
        rng, today = self.rng, self.today
        if planned_end < today:
            if rng.random() < 0.12:
                end = start + DAY * round((planned_end - start).days * rng.uniform(0.3, 0.8))
                return Status.TERMINATED, _weekday(end)
            return Status.COMPLETED, max(start + 30 * DAY, planned_end - DAY * rng.randint(0, 6))
        running = (today - start).days
        if running <= 30 and rng.random() < 0.35:
            return Status.DRAFT, None
        if running > 60 and rng.random() < 0.07:
            return Status.TERMINATED, start + DAY * rng.randint(30, running - 1)
        return Status.ACTIVE, None

    def _random_start(self):
        months, weights = [], []
        day = datetime.date(2020, 11, 1)
        while day <= self.today:
            months.append(day)
            # The programme grows a little every year; it began in November 2020.
            growth = 1 + 0.12 * (_school_year(day) - 2020) + (0.4 if _school_year(day) == self.y0 else 0)
            weights.append(12 if day == datetime.date(2020, 11, 1) else MONTH_WEIGHTS[day.month] * growth)
            day = _add_months(day, 1)
        month = self.rng.choices(months, weights)[0]
        first = max(month, LAUNCH)
        last = min(month.replace(day=calendar.monthrange(month.year, month.month)[1]), self.today)
        start = first + DAY * self.rng.randint(0, (last - first).days)
        return _weekday(start) if _weekday(start) >= first else start

    # Choosing people --------------------------------------------------------------------------
    def _student_mentees(self, start, last, grades, *, older_than=None, exclude=()):
        low, high = grades
        return [
            s
            for s in self.students
            if s not in exclude
            and low <= self._grade(s, start) <= high
            and 10 <= self._age(s, start) <= 18
            and (older_than is None or s.birth_date > older_than.birth_date)
            and self._on_roll(s, start, last)
            and self._free(s, start, last)
        ]

    def _theme_of(self, student, start):
        cats = set(student.demo_categories)
        if "underachieving" in cats:
            return "academic"
        if cats & {"disengaged", "behaviour"}:
            return "engagement"
        if student.date_joined and 0 <= (start - student.date_joined).days <= 120 and student.date_joined.month != 9:
            return "adaptation"
        if "outstanding" in cats:
            return "olympiad"
        if cats:
            return self.rng.choice(["academic", "engagement"])
        return self.rng.choices(["academic", "engagement", "olympiad"], [5, 3, 2])[0]

    def _student_student(self, start, last):
        mentors = [
            s
            for s in self.students
            if 9 <= self._grade(s, start) <= 11
            and 15 <= self._age(s, start) <= 18
            and self._on_roll(s, start, last)
            and self._room(s, start, last) > 0
        ]
        if not mentors:
            return None
        weights = [
            (1 + 2 * min(self.mentor_count[s.pk], 2)) * (2 if "outstanding" in s.demo_categories else 1)
            for s in mentors
        ]
        mentor = self._pick(mentors, weights, 1)[0]
        grade = self._grade(mentor, start)
        candidates = self._student_mentees(start, last, (5, min(grade - 1, 9)), older_than=mentor, exclude=(mentor,))
        if not candidates:
            return None
        weights = [
            4 if set(s.demo_categories) - {"outstanding"} else (2 if s.demo_categories else 1) for s in candidates
        ]
        mentees = self._pick(candidates, weights, self._group_size([85, 12, 3], self._room(mentor, start, last)))
        theme = self._theme_of(mentees[0], start)
        role_model = {
            "academic": "успевающий – неуспевающий",
            "engagement": "лидер – пассивный",
            "adaptation": "адаптированный – неадаптированный",
            "olympiad": "равный – равному",
        }[theme]
        return mentor, mentees, theme, role_model

    def _young_teachers(self, start, last):
        return [
            t
            for t in self.teachers
            if t.career_start
            and t.career_start <= start
            and t.is_young_teacher(start)
            and self._on_roll(t, start, last)
            and self._free(t, start, last)
        ]

    def _teacher_teacher(self, start, last, *, mentor=None, mentees=None):
        if mentees is None:
            young = self._young_teachers(start, last)
            if not young:
                return None
            mentees = self._pick(young, [1] * len(young), 1)
        if mentor is None:
            mentors = [
                t
                for t in self.teachers
                if t.career_start
                and full_years(t.career_start, start) >= 8
                and self._on_roll(t, start, last)
                and self._room(t, start, last) > 0
            ]
            if not mentors:
                return None
            weights = [
                (5 if t.subjects and t.subjects == mentees[0].subjects else 1) * (1 + min(self.mentor_count[t.pk], 2))
                for t in mentors
            ]
            mentor = self._pick(mentors, weights, 1)[0]
            room = self._room(mentor, start, last)
            if room > 1 and self.rng.random() < 0.15:
                others = [t for t in self._young_teachers(start, last) if t not in mentees]
                mentees = mentees + self._pick(others, [1] * len(others), 1)
        same_subject = mentor.subjects and mentor.subjects == mentees[0].subjects
        role_model = self.rng.choices(
            [
                "опытный педагог – молодой специалист",
                "опытный классный руководитель – молодой специалист",
                "опытный предметник – неопытный предметник",
            ],
            [6, 2, 3 if same_subject else 0],
        )[0]
        return mentor, mentees, "young_teacher", role_model

    def _external(self, start, last, org_kind, grades):
        mentors = [
            e
            for e in self.externals
            if e.organization.kind == org_kind and self._on_roll(e, start, last) and self._room(e, start, last) > 0
        ]
        if not mentors:
            return None
        mentor = self._pick(mentors, [1 + min(self.mentor_count[e.pk], 2) for e in mentors], 1)[0]
        candidates = self._student_mentees(start, last, grades)
        if not candidates:
            return None
        sizes = [70, 15, 15] if org_kind == OrgKind.ENTERPRISE else [85, 15, 0]
        size = self._group_size(sizes, self._room(mentor, start, last))
        mentees = self._pick(candidates, [1] * len(candidates), size)
        return mentor, mentees

    def _employer_student(self, start, last):
        found = self._external(start, last, OrgKind.ENTERPRISE, (8, 11))
        if found is None:
            return None
        mentor, mentees = found
        first = mentees[0]
        if "outstanding" in first.demo_categories:
            role_model = "коллега – молодой коллега"
        elif self._grade(first, start) >= 10:
            role_model = "работодатель – будущий сотрудник"
        else:
            role_model = "активный профессионал – равнодушный потребитель"
        return mentor, mentees, "career", role_model

    def _university_student(self, start, last):
        found = self._external(start, last, OrgKind.EDUCATIONAL, (7, 11))
        if found is None:
            return None
        mentor, mentees = found
        cats = set(mentees[0].demo_categories)
        if "underachieving" in cats:
            return mentor, mentees, "academic", "успевающий – неуспевающий"
        if "outstanding" in cats:
            return mentor, mentees, "olympiad", "равный – другому"
        role_model = self.rng.choice(["лидер – пассивный", "адаптированный – неадаптированный"])
        return mentor, mentees, "student_guide", role_model

    # Planning ---------------------------------------------------------------------------------
    def _plan(self, code, start, *, status=None, planned_end=None, end=None, mentor=None, mentees=None):
        planned_end = planned_end or self._planned_end(code, start)
        if status is None:
            status, end = self._status(start, planned_end)
        last = end or planned_end
        choose = {
            Code.STUDENT_STUDENT: self._student_student,
            Code.EMPLOYER_STUDENT: self._employer_student,
            Code.UNIVERSITY_STUDENT: self._university_student,
        }
        if code == Code.TEACHER_TEACHER:
            found = self._teacher_teacher(start, last, mentor=mentor, mentees=mentees)
        else:
            found = choose[code](start, last)
        if found is None:
            return None
        mentor, mentees, theme, role_model = found
        reason = ""
        if status == Status.TERMINATED:
            reason = self.rng.choice(
                T.TERMINATION_REASONS["student"] + T.TERMINATION_REASONS.get(code, [])
                if code != Code.TEACHER_TEACHER
                else T.TERMINATION_REASONS[code]
            )
        elif status == Status.CANCELLED:
            reason = self.rng.choice(T.CANCEL_REASONS)
        spec = _Spec(
            form=self.forms[code],
            role_model=self.role_models[code, role_model],
            mentor=mentor,
            mentees=mentees,
            start=start,
            planned_end=planned_end,
            end=end,
            status=status,
            theme=theme,
            subject=self.rng.choice(T.SUBJECTS_DATIVE),
            reason=reason,
        )
        self.mentor_busy[mentor.pk].append((start, last, len(mentees)))
        for mentee in mentees:
            self.mentee_busy[mentee.pk].append((start, last))
        self.mentor_count[mentor.pk] += 1
        self.specs.append(spec)
        return spec

    def _plan_demo_mentor(self):
        """The demo mentor's pairs: one young specialist in each of the last two years, three now."""
        demo = next(t for t in self.teachers if t.roster_id == DEMO_MENTOR_ROSTER_ID)
        for year in (self.y0 - 2, self.y0 - 1):
            start = _weekday(datetime.date(year, 9, self.rng.randint(10, 20)))
            end = datetime.date(year + 1, 5, 29)
            young = self._young_teachers(start, end)
            young = [t for t in young if t.subjects == demo.subjects] or young
            if young:
                self._plan(
                    Code.TEACHER_TEACHER,
                    start,
                    status=Status.COMPLETED,
                    planned_end=end,
                    end=end,
                    mentor=demo,
                    mentees=[young[0]],
                )
        start = min(_weekday(datetime.date(self.y0, 9, self.rng.randint(8, 15))), self.today)
        planned_end = max(datetime.date(self.y0 + 1, 5, 31), self.today + 60 * DAY)
        young = self._young_teachers(start, planned_end)
        for mentee in young[: min(3, self.limit)]:
            self._plan(
                Code.TEACHER_TEACHER,
                start,
                status=Status.ACTIVE,
                planned_end=planned_end,
                mentor=demo,
                mentees=[mentee],
            )

    def plan(self):
        rng, today = self.rng, self.today
        self._plan_demo_mentor()
        for code in (Code.STUDENT_STUDENT, Code.EMPLOYER_STUDENT, Code.TEACHER_TEACHER):  # waiting to start
            start = _weekday(today - DAY * rng.randint(0, 20))
            self._plan(code, start, status=Status.DRAFT)
        for code in (Code.STUDENT_STUDENT, Code.UNIVERSITY_STUDENT):  # never started
            for _attempt in range(10):
                start = self._random_start()
                if start < today - 60 * DAY and self._plan(
                    code,
                    start,
                    status=Status.CANCELLED,
                    planned_end=self._planned_end(code, start),
                    end=start + DAY * rng.randint(7, 25),
                ):
                    break
        target = rng.randint(147, 153)
        codes, weights = list(FORM_WEIGHTS), list(FORM_WEIGHTS.values())
        attempts = 0
        while len(self.specs) < target and attempts < target * 5:
            attempts += 1
            start = self._random_start()
            code = rng.choices(codes, weights)[0]
            if self._plan(code, start) is None:
                for other in codes:
                    if other != code and self._plan(other, start) is not None:
                        break
        return self.specs

    # Writing ----------------------------------------------------------------------------------
    def _curator(self):
        return self.curator_rng.choice(self.curators) if self.curators else None

    def create(self):
        rng = self.rng
        created = []
        for spec in sorted(self.specs, key=lambda s: (s.start, s.mentor.pk)):
            themes = T.THEMES[spec.theme]
            mentorship = mentorship_create(
                mentor=spec.mentor,
                mentees=spec.mentees,
                form=spec.form,
                role_model=spec.role_model,
                start_date=spec.start,
                planned_end_date=spec.planned_end,
                end_date=spec.end,
                status=spec.status,
                curator=self._curator(),
                request=spec.text(rng.choice(themes["requests"])),
                goal=spec.text(rng.choice(themes["goals"])),
                results=spec.text(rng.choice(themes["results"])) if spec.status == Status.COMPLETED else "",
                termination_reason=spec.reason,
            )
            created.append((spec, mentorship))
        self._plans(created)
        meetings = [m for spec, mentorship in created for m in self._meetings(spec, mentorship)]
        Meeting.objects.bulk_create(meetings)
        feedback = [f for spec, mentorship in created for f in self._feedback(spec, mentorship)]
        _save_feedback(feedback)
        best = self._best_mentors(created, feedback)
        BestMentor.objects.bulk_create(best)
        return {
            "mentorships": len(created),
            "meetings": len(meetings),
            "feedback": len(feedback),
            "best_mentors": len(best),
        }

    def _plans(self, created):
        rng = self.rng
        by_pk = {mentorship.pk: spec for spec, mentorship in created}
        plans = list(IndividualPlan.objects.filter(mentorship_id__in=by_pk).order_by("mentorship_id", "mentee_id"))
        items = []
        for plan in plans:
            spec = by_pk[plan.mentorship_id]
            themes = T.THEMES[spec.theme]
            plan.goal = spec.text(rng.choice(themes["goals"]))
            plan.deficits = spec.text(rng.choice(themes["deficits"]))
            bank = themes["tasks"]
            chosen = sorted(rng.sample(range(len(bank)), min(rng.randint(2, 6), len(bank))))
            span = (spec.planned_end - spec.start).days
            for order, index in enumerate(chosen, start=1):
                task, work_form = bank[index]
                deadline = _weekday(spec.start + DAY * max(7, round(span * order / len(chosen))))
                status, result = self._item_status(spec, deadline)
                items.append(
                    PlanItem(
                        plan=plan,
                        task=spec.text(task),
                        work_form=work_form,
                        deadline=deadline,
                        status=status,
                        result=result,
                        order=order,
                    )
                )
        IndividualPlan.objects.bulk_update(plans, ["goal", "deficits"])
        PlanItem.objects.bulk_create(items)
        self.plan_count, self.item_count = len(plans), len(items)

    def _item_status(self, spec, deadline):
        rng, today = self.rng, self.today
        done = (Item.DONE, rng.choice(T.ITEM_RESULTS))
        if spec.status == Status.COMPLETED:
            return done if rng.random() < 0.95 else (Item.CANCELLED, "Заменено другой задачей по согласованию")
        if spec.status == Status.TERMINATED:
            if deadline <= spec.end:
                return done if rng.random() < 0.7 else (Item.IN_PROGRESS, "")
            return Item.CANCELLED, "Не выполнено: наставничество прекращено досрочно"
        if spec.status == Status.CANCELLED:
            return Item.CANCELLED, ""
        if spec.status == Status.DRAFT:
            return Item.PLANNED, ""
        if deadline < today:  # active: mostly done, some overdue
            return done if rng.random() < 0.7 else (rng.choice([Item.PLANNED, Item.IN_PROGRESS]), "")
        if (deadline - today).days < 30 and rng.random() < 0.5:
            return Item.IN_PROGRESS, ""
        return Item.PLANNED, ""

    def _meetings(self, spec, mentorship):
        if spec.status not in Mentorship.COUNTED_STATUSES:
            return []
        rng = self.rng
        topics = T.THEMES[spec.theme]["topics"]
        last = min(spec.end or self.today, self.today)
        days = []
        day = spec.start + DAY * rng.randint(1, 6)
        while day <= last and len(days) < 14:
            if day.month not in (7, 8):
                days.append(_weekday(day) if _weekday(day) >= spec.start else day)
            day += DAY * rng.randint(9, 21)
        group = len(spec.mentees) > 1
        meetings = []
        for i, date in enumerate(days):
            if i == 0:
                topic = T.FIRST_MEETING
            elif i == len(days) - 1 and spec.status == Status.COMPLETED:
                topic = T.LAST_MEETING
            else:
                topic = rng.choice(topics)
            r = rng.random()
            if spec.theme == "career" and r < 0.3:
                meeting_format = Meeting.Format.EVENT
            elif group and r < 0.6:
                meeting_format = Meeting.Format.GROUP
            elif r > 0.85:
                meeting_format = Meeting.Format.ONLINE
            else:
                meeting_format = Meeting.Format.IN_PERSON
            meetings.append(
                Meeting(
                    mentorship=mentorship,
                    date=date,
                    format=meeting_format,
                    topic=topic,
                    notes=rng.choice(T.MEETING_NOTES),
                    created_by=mentorship.curator,
                )
            )
        return meetings

    def _feedback_row(self, spec, mentorship, role, mentee):
        rng = self.rng
        base = rng.randint(7, 10) if spec.status == Status.COMPLETED else rng.randint(4, 7)
        ratings = {field: _clamp(base + rng.randint(-2, 1)) for field in RATING_KEYS}
        ratings["expected_effectiveness"] = _clamp(rng.randint(7, 10))
        return _Feedback(
            mentorship=mentorship,
            author_role=role,
            mentee=mentee,
            valuable=rng.choice(T.FEEDBACK_VALUABLE[role]),
            missing=rng.choice(T.FEEDBACK_MISSING),
            would_continue=rng.random() < (0.75 if spec.status == Status.COMPLETED else 0.3),
            would_become_mentor=role == "mentee" and rng.random() < 0.4,
            created_by=mentorship.curator,
            ratings=ratings,
        )

    def _feedback(self, spec, mentorship):
        rows = []
        if spec.status == Status.COMPLETED:
            rows.append(self._feedback_row(spec, mentorship, "mentor", None))
            rows += [
                self._feedback_row(spec, mentorship, "mentee", mentee)
                for mentee in spec.mentees
                if self.rng.random() < 0.95
            ]
        elif spec.status == Status.TERMINATED and self.rng.random() < 0.4:
            rows.append(self._feedback_row(spec, mentorship, "mentor", None))
        return rows

    def _best_mentors(self, created, feedback):
        """Two or three mentors a year, from completed mentorships counted that year with the best feedback."""
        scores = defaultdict(list)
        for row in feedback:
            scores[row.mentorship.pk].append(row.average())
        best = []
        awarded = defaultdict(set)  # year → people; nobody is best two years running
        for year in range(2020, self.today.year):
            first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
            ranked = defaultdict(list)
            for spec, mentorship in created:
                if spec.status == Status.COMPLETED and spec.start <= last and spec.end >= first:
                    ranked[spec.mentor].extend(scores[mentorship.pk])
            candidates = sorted(
                ranked.items(),
                key=lambda item: (-sum(item[1]) / max(len(item[1]), 1), -len(item[1]), item[0].pk),
            )
            candidates = [c for c in candidates if c[0] not in awarded[year - 1]]
            chosen, kinds = [], set()
            for person, _scores in candidates:  # prefer one of each kind of mentor
                if person.kind not in kinds:
                    chosen.append(person)
                    kinds.add(person.kind)
            chosen += [p for p, _s in candidates if p not in chosen]
            for person in chosen[: self.rng.randint(2, 3)]:
                awarded[year].add(person)
                citation = T.BEST_MENTOR_CITATIONS[person.kind].format(year=year)
                best.append(BestMentor(person=person, year=year, citation=citation))
        return best


@transaction.atomic
def demo_lyceum_build(*, seed=2020, today=None, curators=()):
    """Fill an empty registry with the demo lyceum; returns how many of each thing were created."""
    today = today or timezone.localdate()
    if today < EARLIEST_TODAY:
        raise ValueError(f"The demo lyceum needs today ≥ {EARLIEST_TODAY}")
    rng = random.Random(seed)
    people = _People(rng, today)
    for organization in people.organizations:
        organization.full_clean()
    Organization.objects.bulk_create(people.organizations)
    everyone = people.people
    for person in everyone:
        if person.organization is not None:
            person.organization = person.organization  # refresh the id now the organisation is saved
        person.full_clean(validate_unique=False, validate_constraints=False)
    Person.objects.bulk_create(everyone)
    categories = {c.code: c for c in MenteeCategory.objects.all()}
    Through = Person.categories.through
    Through.objects.bulk_create(
        [
            Through(person_id=s.pk, menteecategory_id=categories[code].pk)
            for s in people.students
            for code in s.demo_categories
        ]
    )
    mentorships = _Mentorships(rng, people, today, curators)
    mentorships.plan()
    counts = mentorships.create()
    return {
        "students": len(people.students),
        "teachers": len(people.teachers),
        "organizations": len(people.organizations),
        "external_mentors": len(people.externals),
        **counts,
        "plans": mentorships.plan_count,
        "plan_items": mentorships.item_count,
    }
