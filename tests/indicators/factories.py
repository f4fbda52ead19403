import datetime

from tests.factories import MentorshipFactory, StudentFactory, TeacherFactory

D = datetime.date(2024, 12, 20)


def born(years_ago, days=0, day=D):
    """The date of birth of someone who turns `years_ago` on `day` shifted by `days` (positive: later)."""
    return day.replace(year=day.year - years_ago) + datetime.timedelta(days=days)


def student(**kwargs):
    kwargs.setdefault("birth_date", born(14))
    return StudentFactory(**kwargs)


def old_teacher(**kwargs):
    kwargs.setdefault("career_start", datetime.date(2000, 9, 1))
    return TeacherFactory(**kwargs)


def mentorship(mentees, mentor=None, **kwargs):
    """A counted mentorship in 2024 whose mentor is an experienced teacher unless one is given."""
    kwargs.setdefault("start_date", datetime.date(2024, 2, 1))
    return MentorshipFactory(mentor=mentor or old_teacher(), mentees=list(mentees), **kwargs)
