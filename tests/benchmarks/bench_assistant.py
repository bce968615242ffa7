"""Assistant benchmark: suggestion latency, and the repeat/similar search at scale.

    .venv/bin/python tests/benchmarks/bench_assistant.py [--new 5000] [--existing 50000]

1. Suggestions: a throw-away SQLite database (or DATABASE_URL) with the reference data and
   both Slovenia matrices imported, the model trained on them; then ``suggest(text)`` timed
   for 300 recommendation texts (after one warm-up call that builds the caches).
2. Similarity: synthetic texts made from the real ones by random recombination (halves of
   two recommendations joined, words dropped and swapped, a few random words added), with
   synthetic States, reviews, bodies and dates; the new ones searched against the existing
   ones with the same code links_store uses (vectorise, chunked sparse product, rules,
   top 5). Peak memory is the process's maximum resident set size.

Prints the figures. Not a test: pytest only collects test_*.py.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nrtd.settings")
os.environ.setdefault(
    "DATABASE_URL", f"sqlite:///{tempfile.gettempdir()}/nrtd-bench-assistant.sqlite3"
)
SAMPLES = (
    Path(os.environ.get("NRTD_SHARED_DATA", REPO.parent / "shared" / "data")) / "ohchr-matrices"
)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup_database() -> list[str]:
    from django.core.management import call_command

    from recommendations.models import ClassifierModel, Recommendation

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    for path in sorted(SAMPLES.glob("*.docx")):
        call_command("import_recommendations", str(path), verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    from recommendations.assistant.training import classifier_train

    classifier_train(ClassifierModel.objects.create())
    return list(Recommendation.objects.values_list("text", flat=True))


def bench_suggest(texts: list[str]) -> None:
    from recommendations.assistant import suggest

    suggest(texts[0])  # builds the baseline and loads the model
    timings = []
    for text in (texts * 3)[:300]:
        start = time.perf_counter()
        suggest(text)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    print(
        f"suggest(text): n={len(timings)} p50={statistics.median(timings):.1f} ms "
        f"p95={timings[int(len(timings) * 0.95)]:.1f} ms max={timings[-1]:.1f} ms"
    )


def synthetic(texts: list[str], n: int, rng: random.Random) -> list[str]:
    words = [w for t in texts for w in t.split()]
    out = []
    for _ in range(n):
        a, b = rng.choice(texts).split(), rng.choice(texts).split()
        mixed = a[: len(a) // 2] + b[len(b) // 2 :]
        mixed = [w for w in mixed if rng.random() > 0.1]
        for _ in range(rng.randint(0, 4)):
            mixed.insert(rng.randint(0, len(mixed)), rng.choice(words))
        out.append(" ".join(mixed))
    return out


def bench_similarity(texts: list[str], n_new: int, n_existing: int) -> None:
    import numpy as np

    from recommendations.assistant.similarity import Meta, nearest, vectorizer

    rng = random.Random(7)
    gen = np.random.default_rng(7)

    def meta(n: int, offset: int, new: bool) -> Meta:
        return Meta(
            ids=np.arange(offset, offset + n, dtype=np.int64),
            state=gen.integers(0, 5, n),  # five States in the database
            review=(gen.integers(1000, 1010, n) if new else gen.integers(0, 200, n)),
            document=np.full(n, -1, dtype=np.int64),
            body=gen.integers(0, 12, n),
            day=(np.full(n, 740_000) if new else gen.integers(730_000, 739_000, n)),
        )

    new_texts = synthetic(texts, n_new, rng)
    old_texts = synthetic(texts, n_existing, rng)
    before = peak_mb()
    start = time.perf_counter()
    vec = vectorizer().fit(new_texts + old_texts)
    queries, corpus = vec.transform(new_texts), vec.transform(old_texts)
    vectorised = time.perf_counter() - start
    found = list(nearest(queries, meta(n_new, 10**7, True), corpus, meta(n_existing, 0, False)))
    total = time.perf_counter() - start
    kinds = {k: sum(1 for f in found if f[3] == k) for k in ("repeated", "similar")}
    print(
        f"similarity: {n_new} new against {n_existing} existing in {total:.1f} s "
        f"(vectorising {vectorised:.1f} s, search {total - vectorised:.1f} s); "
        f"{len(found)} pairs {kinds}; peak RSS {peak_mb():.0f} MB (before {before:.0f} MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--new", type=int, default=5000)
    parser.add_argument("--existing", type=int, default=50000)
    args = parser.parse_args()
    import django

    django.setup()
    texts = setup_database()
    print(f"{len(texts)} real recommendations imported from {SAMPLES}")
    bench_suggest(texts)
    bench_similarity(texts, args.new, args.existing)


if __name__ == "__main__":
    main()
