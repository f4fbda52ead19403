"""The engine over random pools: no banned pair, capacity never exceeded, fixed pairs kept, coverage equal
to a brute force's maximum, contributions adding up to the score, the same answer twice."""

import itertools
import random

import pytest

from matching import engine as e

WORDS = ["математика", "олимпиада", "спорт", "театр", "музыка", "проект", "физика", "волонтёр", "шахматы"]


def _pool(rnd, mentees, mentors, max_free=3):
    cats = sorted(e.CATEGORY_STEMS)
    return (
        [
            e.Mentee(
                pk=i,
                grade=rnd.randint(5, 9),
                categories=frozenset(rnd.sample(cats, rnd.randint(0, 2))),
                request=e.words(" ".join(rnd.sample(WORDS, 2))),
                interests=e.words(" ".join(rnd.sample(WORDS, 2))),
                motivation=rnd.choice([None, 0.3, 0.9]),
            )
            for i in range(1, mentees + 1)
        ],
        [
            e.Mentor(
                pk=100 + j,
                free=rnd.randint(0, max_free),
                grade=rnd.randint(8, 11),
                offers=e.words(" ".join(rnd.sample(WORDS, 3))),
                interests=e.words(" ".join(rnd.sample(WORDS, 2))),
            )
            for j in range(mentors)
        ],
    )


def _problem(rnd, mentees, mentors, objective, max_free=3, min_score=0, fixed=True):
    mentee_list, mentor_list = _pool(rnd, mentees, mentors, max_free)
    banned = frozenset((rnd.choice(mentor_list).pk, rnd.choice(mentee_list).pk) for _ in range(mentees * mentors // 3))
    ended = frozenset((rnd.choice(mentor_list).pk, rnd.choice(mentee_list).pk) for _ in range(3))
    pins = []
    if fixed:
        free = {m.pk: m.free for m in mentor_list}
        for mentee in rnd.sample(mentee_list, min(2, mentees)):
            options = [m for m in mentor_list if free[m.pk] > 0 and (m.pk, mentee.pk) not in banned]
            if options:
                mentor = rnd.choice(options)
                free[mentor.pk] -= 1
                pins.append((mentor.pk, mentee.pk))
    return e.Problem(
        mentees=mentee_list,
        mentors=mentor_list,
        weights=e.default_weights(),
        peer=True,
        objective=objective,
        min_score=min_score,
        seed=rnd.randint(0, 99),
        banned=banned,
        ended_early=ended,
        fixed=tuple(pins),
    )


@pytest.mark.parametrize("objective", [e.COVERAGE, e.QUALITY])
def test_random_pools_never_break_a_constraint_and_explanations_add_up(objective):
    rnd = random.Random(19)
    for _round in range(60):
        problem = _problem(rnd, rnd.randint(1, 25), rnd.randint(1, 8), objective, min_score=rnd.choice([0, 0, 30]))
        result = e.solve(problem)
        free = {m.pk: m.free for m in problem.mentors}
        mentees = [p.mentee for p in result.pairs]
        assert len(mentees) == len(set(mentees)), "a mentee twice"
        for pair in result.pairs:
            free[pair.mentor] -= 1
            assert sum(pair.contributions.values()) == pair.score
            if not pair.fixed:
                assert (pair.mentor, pair.mentee) not in problem.banned
                assert pair.score >= problem.min_score
        assert all(v >= 0 for v in free.values()), "capacity exceeded"
        kept = {(p.mentor, p.mentee) for p in result.pairs}
        assert set(problem.fixed) <= kept, "a pinned pair lost"
        assert set(result.unmatched) == {m.pk for m in problem.mentees} - set(mentees)
        assert e.solve(problem).pairs == result.pairs, "not deterministic"


def _brute_force_coverage(problem):
    """The largest number of mentees any assignment respecting bans, minimum and places can match."""
    points = e.contributions(problem)
    allowed = {}
    for i, mentee in enumerate(problem.mentees):
        allowed[mentee.pk] = [
            m.pk
            for j, m in enumerate(problem.mentors)
            if (m.pk, mentee.pk) not in problem.banned
            and sum(int(matrix[i, j]) for matrix in points.values()) >= problem.min_score
        ]
    best = 0
    options = [[None, *allowed[m.pk]] for m in problem.mentees]
    for choice in itertools.product(*options):
        used = {}
        for mentor in choice:
            if mentor is not None:
                used[mentor] = used.get(mentor, 0) + 1
        if all(used[m.pk] <= m.free for m in problem.mentors if m.pk in used):
            best = max(best, sum(c is not None for c in choice))
    return best


def test_coverage_matches_the_brute_force_maximum_on_small_pools():
    rnd = random.Random(7)
    for _round in range(40):
        problem = _problem(
            rnd,
            rnd.randint(1, 6),
            rnd.randint(1, 3),
            e.COVERAGE,
            max_free=2,
            fixed=False,
            min_score=rnd.choice([0, 40]),
        )
        assert len(e.solve(problem).pairs) == _brute_force_coverage(problem)


def test_quality_never_scores_below_coverage_and_greedy_is_no_better():
    rnd = random.Random(3)
    for _round in range(20):
        coverage = _problem(random.Random(_round), 30, 8, e.COVERAGE, fixed=False)
        quality = e.Problem(**{**coverage.__dict__, "objective": e.QUALITY})
        assert e.solve(quality).total_score >= e.solve(coverage).total_score
        assert len(e.solve(coverage).pairs) >= len(e.greedy(coverage).pairs)
    assert rnd


def test_unmatched_reasons_say_why():
    mentees = [e.Mentee(pk=1), e.Mentee(pk=2), e.Mentee(pk=3, categories=frozenset({"outstanding"}))]
    mentors = [e.Mentor(pk=10, free=1, offers=e.words("олимпиады")), e.Mentor(pk=11, free=0)]
    problem = e.Problem(
        mentees=mentees,
        mentors=mentors,
        weights=e.default_weights(),
        banned=frozenset({(10, 1), (11, 1)}),
        min_score=0,
    )
    result = e.solve(problem)
    assert [(p.mentor, p.mentee) for p in result.pairs] == [(10, 3)]
    assert result.unmatched == {1: e.NO_COMPATIBLE, 2: e.CAPACITY}
    strict = e.solve(e.Problem(**{**problem.__dict__, "min_score": 60}))
    assert strict.unmatched[3] == e.BELOW_MINIMUM and strict.best_score[3] == 50
