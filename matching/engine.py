"""The matching assistant's arithmetic: scores every mentor–mentee pair of a pool by weighted criteria and
finds the optimal assignment. Plain data in, plain data out (no database): the services load the pool
(matching/selectors.py) and store the result; the bench and the property tests call it directly.

- A criterion gives each pair a fraction f in [0, 1]; its contribution is round(weight × 10 × f) points
  (the penalty is subtracted), and the score is the sum of the contributions — so an explanation always adds
  up to its score.
- The assignment is a maximum-weight bipartite matching (scipy's linear_sum_assignment, the Hungarian method
  in C) between the mentees and the mentors' free places: each mentor is as many columns as they have free
  places. «Coverage» puts a bonus larger than every possible total score on each pair, so the most mentees
  are matched first and the total score decides among the equal; «quality» maximises the total score.
- Deterministic: rows and columns are ordered by primary key, and ties are broken by a small seeded
  number per pair that can never outweigh one point of score.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix

COVERAGE = "coverage"
QUALITY = "quality"

CATEGORIES = "categories"
REQUEST = "request"
INTERESTS = "interests"
DISTANCE = "distance"
TERRITORY = "territory"
ENTRY = "entry"
EARLY_END = "early_end"
CRITERIA = (CATEGORIES, REQUEST, INTERESTS, DISTANCE, TERRITORY, ENTRY, EARLY_END)
DEFAULT_WEIGHTS = {
    CATEGORIES: 5,
    REQUEST: 4,
    INTERESTS: 2,
    DISTANCE: 3,
    TERRITORY: 2,
    ENTRY: 1,
    EARLY_END: 5,
}
MAX_WEIGHT = 10

# Unmatched mentees: why.
NO_COMPATIBLE = "no_compatible"
CAPACITY = "capacity"
BELOW_MINIMUM = "below_minimum"

# What a mentor's strengths and subjects must mention to help a potential mentee of a category (word beginnings,
# folded: lower case, ё = е). A school can read and extend this list (docs/matching.md).
SUBJECT_STEMS = (
    "матем", "алгеб", "геоме", "русск", "литер", "физик", "хими", "биол", "истор", "общес",
    "англ", "немец", "инфор", "геогр", "экон",
)  # fmt: skip
CATEGORY_STEMS: dict[str, tuple[str, ...]] = {
    "outstanding": ("олимп", "иссле", "проек", "углуб", "конку", "науч"),
    "underachieving": ("подгот", "репет", "экзам", "огэ", "егэ", "успев", "учеб", *SUBJECT_STEMS),
    "disabilities": ("инклюз", "овз", "адапт", "коррек", "дефект", "психол"),
    "difficult_life": ("поддерж", "психол", "социал", "волонт", "довер"),
    "behaviour": ("дисцип", "спорт", "лидер", "вожат", "трене", "конфл"),
    "disengaged": ("общен", "клуб", "творч", "театр", "музык", "спорт", "команд", "волонт", "досуг"),
}

_WORD = re.compile(r"[0-9a-zа-я]+")


def words(*texts: str) -> frozenset[str]:
    """The text's words of three letters and more, folded and cut to their first five letters (a crude stem that
    makes «математика», «математике» and «математический» one word)."""
    found: set[str] = set()
    for text in texts:
        for word in _WORD.findall((text or "").lower().replace("ё", "е")):
            if len(word) >= 3:
                found.add(word[:5])
    return frozenset(found)


@dataclass(frozen=True)
class Mentee:
    pk: int
    grade: int | None = None
    categories: frozenset[str] = frozenset()
    request: frozenset[str] = frozenset()  # words()
    interests: frozenset[str] = frozenset()
    motivation: float | None = None  # the entry questionnaire's answer, 0..1, where there is one


@dataclass(frozen=True)
class Mentor:
    pk: int
    free: int  # free places in this session (limit − current mentees − capacity override)
    grade: int | None = None
    offers: frozenset[str] = frozenset()  # words() of strengths, subjects and position
    interests: frozenset[str] = frozenset()
    territory_share: float = 0.0  # 1 town, 0.5 district, 0 elsewhere (employer and university forms)


@dataclass(frozen=True)
class Problem:
    mentees: list[Mentee]
    mentors: list[Mentor]
    weights: Mapping[str, int]
    peer: bool = False  # class distance counts (student–student)
    external: bool = False  # the mentor's territory counts (employer and university forms)
    objective: str = COVERAGE
    min_score: int = 0
    seed: int = 0
    banned: frozenset[tuple[int, int]] = frozenset()  # (mentor pk, mentee pk): rules, forbidden, rejected
    ended_early: frozenset[tuple[int, int]] = frozenset()  # (mentor pk, mentee pk) of pairs terminated early
    fixed: tuple[tuple[int, int], ...] = ()  # (mentor pk, mentee pk): pinned and accepted, kept as they are


@dataclass(frozen=True)
class Pair:
    mentor: int
    mentee: int
    score: int
    contributions: dict[str, int]
    fixed: bool = False


@dataclass
class Result:
    pairs: list[Pair] = field(default_factory=list)
    unmatched: dict[int, str] = field(default_factory=dict)  # mentee pk: reason
    best_score: dict[int, int] = field(default_factory=dict)  # mentee pk: best compatible score (below minimum)

    @property
    def total_score(self) -> int:
        return sum(p.score for p in self.pairs)


def default_weights() -> dict[str, int]:
    return dict(DEFAULT_WEIGHTS)


def _binary(rows: list[frozenset[str]], vocabulary: dict[str, int]) -> csr_matrix:
    indptr, indices = [0], []
    for row in rows:
        indices.extend(sorted(vocabulary[w] for w in row if w in vocabulary))
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return csr_matrix((data, indices, indptr), shape=(len(rows), max(len(vocabulary), 1)))


def _overlap(left: list[frozenset[str]], right: list[frozenset[str]]) -> np.ndarray:
    """Common words of every left × right pair, as a dense matrix (sparse products: fast on 1000 × 300)."""
    vocabulary: dict[str, int] = {}
    for row in right:
        for word in row:
            vocabulary.setdefault(word, len(vocabulary))
    return np.asarray((_binary(left, vocabulary) @ _binary(right, vocabulary).T).todense())


def _offers_category(offers: frozenset[str], category: str) -> bool:
    return any(word.startswith(stem) or stem.startswith(word) for word in offers for stem in CATEGORY_STEMS[category])


def _fractions(problem: Problem) -> dict[str, np.ndarray]:
    """Every criterion's fraction for every mentee (row) × mentor (column)."""
    mentees, mentors = problem.mentees, problem.mentors
    shape = (len(mentees), len(mentors))
    codes = sorted(CATEGORY_STEMS)
    mentee_categories = np.array([[c in m.categories for c in codes] for m in mentees], dtype=np.float32).reshape(
        len(mentees), len(codes)
    )
    mentor_categories = np.array(
        [[_offers_category(m.offers, c) for c in codes] for m in mentors], dtype=np.float32
    ).reshape(len(mentors), len(codes))
    counts = mentee_categories.sum(axis=1, keepdims=True)
    categories = np.divide(
        mentee_categories @ mentor_categories.T, counts, out=np.zeros(shape, dtype=np.float32), where=counts > 0
    )
    request = np.minimum(_overlap([m.request for m in mentees], [m.offers for m in mentors]), 2) / 2
    interests = np.minimum(_overlap([m.interests for m in mentees], [m.interests for m in mentors]), 2) / 2
    fractions = {CATEGORIES: categories, REQUEST: request, INTERESTS: interests}
    if problem.peer:
        mentee_grade = np.array([m.grade or 0 for m in mentees], dtype=np.int16)[:, None]
        mentor_grade = np.array([m.grade or 0 for m in mentors], dtype=np.int16)[None, :]
        gap = mentor_grade - mentee_grade
        known = (mentee_grade > 0) & (mentor_grade > 0)
        fractions[DISTANCE] = np.where(
            known & (gap >= 2) & (gap <= 4), 1.0, np.where(known & ((gap == 1) | (gap == 5)), 0.5, 0.0)
        )
    if problem.external:
        fractions[TERRITORY] = np.broadcast_to(np.array([m.territory_share for m in mentors])[None, :], shape)
    motivation = np.array([m.motivation or 0.0 for m in mentees])[:, None]
    if motivation.any():
        fractions[ENTRY] = np.broadcast_to(motivation, shape)
    if problem.ended_early:
        early = np.zeros(shape)
        rows = {m.pk: i for i, m in enumerate(mentees)}
        columns = {m.pk: j for j, m in enumerate(mentors)}
        for mentor_pk, mentee_pk in problem.ended_early:
            if mentor_pk in columns and mentee_pk in rows:
                early[rows[mentee_pk], columns[mentor_pk]] = 1.0
        fractions[EARLY_END] = early
    return fractions


def contributions(problem: Problem) -> dict[str, np.ndarray]:
    """{criterion: integer points per mentee × mentor}; the penalty is negative. Criteria with weight 0 or that
    do not apply to the form are left out."""
    points = {}
    for code, fraction in _fractions(problem).items():
        weight = int(problem.weights.get(code, 0))
        if weight:
            sign = -1 if code == EARLY_END else 1
            points[code] = (sign * np.rint(weight * 10 * np.asarray(fraction))).astype(np.int32)
    return points


def _banned_mask(problem: Problem) -> np.ndarray:
    rows = {m.pk: i for i, m in enumerate(problem.mentees)}
    columns = {m.pk: j for j, m in enumerate(problem.mentors)}
    banned = np.zeros((len(problem.mentees), len(problem.mentors)), dtype=bool)
    for mentor_pk, mentee_pk in problem.banned:
        if mentor_pk in columns and mentee_pk in rows:
            banned[rows[mentee_pk], columns[mentor_pk]] = True
    for pk, i in rows.items():  # nobody is their own mentor (a student may be in both pools)
        if pk in columns:
            banned[i, columns[pk]] = True
    return banned


def solve(problem: Problem) -> Result:
    """The optimal assignment of the pool with its explanations (see the module's docstring)."""
    mentees, mentors = problem.mentees, problem.mentors
    points = contributions(problem)
    score = np.zeros((len(mentees), len(mentors)), dtype=np.int64)
    for matrix in points.values():
        score += matrix
    row_of = {m.pk: i for i, m in enumerate(mentees)}
    column_of = {m.pk: j for j, m in enumerate(mentors)}

    def pair(i: int, j: int, fixed: bool = False) -> Pair:
        explained = {code: int(matrix[i, j]) for code, matrix in points.items() if matrix[i, j]}
        return Pair(mentors[j].pk, mentees[i].pk, int(score[i, j]), explained, fixed)

    result = Result()
    free = np.array([max(m.free, 0) for m in mentors], dtype=np.int64)
    taken = np.zeros(len(mentees), dtype=bool)
    for mentor_pk, mentee_pk in problem.fixed:
        i, j = row_of[mentee_pk], column_of[mentor_pk]
        result.pairs.append(pair(i, j, fixed=True))
        taken[i] = True
        free[j] -= 1

    compatible = ~_banned_mask(problem)
    allowed = compatible & (score >= max(problem.min_score, 0 if problem.objective == QUALITY else problem.min_score))
    allowed[taken, :] = False
    columns = np.repeat(np.arange(len(mentors)), np.maximum(free, 0))
    rows = np.flatnonzero(allowed.any(axis=1))
    if len(rows) and len(columns):
        n = len(rows)
        scale = 10 * (n + 1)  # one point of score outweighs every tie-break together
        ties = np.random.default_rng(problem.seed).integers(1, 10, size=(len(mentees), len(mentors)))
        weight = score.astype(np.float64) * scale + ties
        if problem.objective == COVERAGE:
            spread = int(np.abs(score).max()) if score.size else 0
            weight += float((2 * spread + 1) * scale * (n + 1))  # a pair more always beats any score
        weight = np.where(allowed, weight, 0.0)
        sub = weight[np.ix_(rows, columns)]
        chosen_rows, chosen_columns = linear_sum_assignment(sub, maximize=True)
        for r, c in zip(chosen_rows, chosen_columns, strict=True):
            i, j = int(rows[r]), int(columns[c])
            if allowed[i, j] and sub[r, c] > 0:
                result.pairs.append(pair(i, j))
                taken[i] = True
    matched_mentors: dict[int, int] = {}
    for p in result.pairs:
        matched_mentors[p.mentor] = matched_mentors.get(p.mentor, 0) + 1
    for i, mentee in enumerate(mentees):
        if taken[i]:
            continue
        if not compatible[i].any():
            result.unmatched[mentee.pk] = NO_COMPATIBLE
        elif not allowed[i].any():
            result.unmatched[mentee.pk] = BELOW_MINIMUM
            result.best_score[mentee.pk] = int(score[i][compatible[i]].max())
        else:
            result.unmatched[mentee.pk] = CAPACITY
    result.pairs.sort(key=lambda p: (p.mentor, p.mentee))
    return result


def greedy(problem: Problem) -> Result:
    """The first-come-first-served baseline the bench compares with: mentees in order, each takes the first
    mentor with a free place that the rules and the minimum score allow."""
    points = contributions(problem)
    score = sum(points.values(), np.zeros((len(problem.mentees), len(problem.mentors)), dtype=np.int64))
    allowed = ~_banned_mask(problem) & (score >= problem.min_score)
    free = [m.free for m in problem.mentors]
    result = Result()
    for i, mentee in enumerate(problem.mentees):
        for j in np.flatnonzero(allowed[i]):
            if free[j] > 0:
                free[j] -= 1
                explained = {code: int(matrix[i, j]) for code, matrix in points.items() if matrix[i, j]}
                result.pairs.append(Pair(problem.mentors[j].pk, mentee.pk, int(score[i, j]), explained))
                break
        else:
            result.unmatched[mentee.pk] = CAPACITY
    return result


def clean_weights(raw: Mapping[str, object] | None) -> dict[str, int]:
    """The session's weights: every criterion present, whole numbers 0..MAX_WEIGHT (others ignored)."""
    weights = default_weights()
    for code, value in (raw or {}).items():
        if code in weights and isinstance(value, int) and not isinstance(value, bool):
            weights[code] = min(max(value, 0), MAX_WEIGHT)
    return weights


def pairs_by_mentor(pairs: Iterable[Pair]) -> dict[int, list[Pair]]:
    grouped: dict[int, list[Pair]] = {}
    for p in pairs:
        grouped.setdefault(p.mentor, []).append(p)
    return grouped
