"""The matching assistant's engine (matching/engine.py) on 1,000 mentees × 300 mentors, against a greedy
first-come-first-served baseline in the same run.

    .venv/bin/python bench/matching.py [--runs 7] [--write]

A seeded synthetic pool like a large school's: mentees of grades 5–9 with 0–2 of the six categories, a
request and interests from a list of 16 topics; mentors of grades 9–11 with 1–3 free places (about 600
places for 1,000 mentees), strengths from the same topics; 5 % of the pairs banned (existing pairs,
forbids), a few earlier pairs ended early. Times scoring + solving (median of the runs) for both
objectives, and compares coverage and total score with the greedy baseline. `--write` appends the
figures to docs/benchmarks.md under «Matching assistant».
"""

import argparse
import datetime
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matching import engine  # noqa: E402

HEADING = "## Matching assistant"
SPARSE = 100
TOPICS = [
    "математика", "олимпиада", "спорт", "театр", "музыка", "проект", "физика", "химия", "волонтёрство",
    "программирование", "шахматы", "рисование", "история", "экзамен ОГЭ", "психологическая поддержка", "общение",
]  # fmt: skip


def pool(seed: int, mentees: int = 1000, mentors: int = 300) -> engine.Problem:
    rnd = random.Random(seed)
    categories = sorted(engine.CATEGORY_STEMS)
    mentee_list = [
        engine.Mentee(
            pk=i,
            grade=rnd.randint(5, 9),
            categories=frozenset(rnd.sample(categories, rnd.choice([0, 1, 1, 2]))),
            request=engine.words(" ".join(rnd.sample(TOPICS, 2))),
            interests=engine.words(" ".join(rnd.sample(TOPICS, 2))),
            motivation=rnd.choice([None, None, rnd.randint(1, 10) / 10]),
        )
        for i in range(1, mentees + 1)
    ]
    mentor_list = [
        engine.Mentor(
            pk=10_000 + j,
            free=rnd.randint(1, 3),
            grade=rnd.randint(9, 11),
            offers=engine.words(" ".join(rnd.sample(TOPICS, rnd.randint(1, 4)))),
            interests=engine.words(" ".join(rnd.sample(TOPICS, 2))),
        )
        for j in range(mentors)
    ]
    banned = frozenset((rnd.choice(mentor_list).pk, rnd.choice(mentee_list).pk) for _ in range(mentees * mentors // 20))
    ended = frozenset((rnd.choice(mentor_list).pk, rnd.choice(mentee_list).pk) for _ in range(50))
    return engine.Problem(
        mentees=mentee_list,
        mentors=mentor_list,
        weights=engine.default_weights(),
        peer=True,
        min_score=10,
        seed=seed,
        banned=banned,
        ended_early=ended,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    base = pool(19)
    places = sum(m.free for m in base.mentors)
    lines = [
        f"- Date: {datetime.date.today():%d.%m.%Y}; machine: {platform.machine()}, 2 cores shared with other "
        f"engineers' runs, Python {platform.python_version()}, numpy/scipy (`linear_sum_assignment`).",
        f"- Command: `.venv/bin/python bench/matching.py --runs {args.runs} --write`.",
        f"- Pool: {len(base.mentees)} mentees × {len(base.mentors)} mentors, {places} free places, "
        f"{len(base.banned)} banned pairs; minimum score {base.min_score} (many compatible mentors) and "
        f"{SPARSE} (few: where first-come-first-served loses mentees).",
    ]
    for minimum, objective in (
        (base.min_score, engine.COVERAGE),
        (base.min_score, engine.QUALITY),
        (SPARSE, engine.COVERAGE),
        (SPARSE, engine.QUALITY),
    ):
        problem = engine.Problem(**{**base.__dict__, "objective": objective, "min_score": minimum})
        greedy = engine.greedy(problem)
        times = []
        for _run in range(args.runs):
            start = time.perf_counter()
            result = engine.solve(problem)
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        matched, score = len(result.pairs), result.total_score
        lines.append(
            f"- {objective}, minimum {minimum}: median **{median:.2f} s** (min {min(times):.2f}, "
            f"max {max(times):.2f}; goal < 3 s); {matched} mentees matched = "
            f"**{matched / max(len(greedy.pairs), 1):.2f}×** greedy's {len(greedy.pairs)}; total score {score} = "
            f"**{score / max(greedy.total_score, 1):.2f}×** greedy's {greedy.total_score}."
        )
    print("\n".join(lines))
    if args.write:
        path = ROOT / "docs" / "benchmarks.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.rstrip("\n") + f"\n\n\n{HEADING}\n\n" + "\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
