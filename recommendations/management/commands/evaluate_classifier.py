"""manage.py evaluate_classifier — how good are the suggestions?

Trains on one part of the classified recommendations and tests on the rest, then prints
precision and recall at 1 and 3 per label set, and "hit@k": the share of recommendations with
at least one right label among the top k (the figure the targets are stated in). Themes are
scored twice: exactly ("A41") and at level 1 ("A4"). Nothing is written: files given with
--file are imported inside a transaction that is rolled back.

Protocols:
  --file PATH                 test on the file's recommendations, train on everything else
  --file A --file B --only-files --test-cycle 3 --folds 5
                              only those files; 5-fold over cycle 3, each fold trained on the
                              other cycles plus the other four fifths of cycle 3
  (default)                   hold out --holdout (0.25) of the classified recommendations
"""

from __future__ import annotations

import random
from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from recommendations.assistant.engine import baseline
from recommendations.assistant.training import evaluate, training_examples
from recommendations.imports.services import import_recommendations
from recommendations.models import Recommendation

COLUMNS = ["precision@1", "recall@1", "precision@3", "recall@3", "hit@1", "hit@3"]


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Evaluate the suggestions: precision and recall at 1 and 3 per label set."

    def add_arguments(self, parser):
        parser.add_argument("--file", action="append", default=[], help="file to test on")
        parser.add_argument("--only-files", action="store_true", help="use only the files")
        parser.add_argument("--test-cycle", type=int, help="test on this UPR cycle only")
        parser.add_argument("--holdout", type=float, default=0.25)
        parser.add_argument("--folds", type=int, default=1)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--baseline", action="store_true", help="also print the day-one figures"
        )

    def handle(self, *args, **opts):
        try:
            with transaction.atomic():
                self._evaluate(opts)
                raise _Rollback
        except _Rollback:
            pass

    def _evaluate(self, opts):
        imported: set[int] = set()
        for path in opts["file"]:
            before = set(Recommendation.objects.values_list("pk", flat=True))
            summary = import_recommendations(path)
            if summary.errors:
                raise CommandError(f"{path}: " + "; ".join(summary.errors[:5]))
            ids = set(Recommendation.objects.values_list("pk", flat=True)) - before
            # A file already in the database adds nothing: use its records as they are.
            if not ids:
                ids = set(
                    Recommendation.objects.filter(source_file=summary.file).values_list(
                        "pk", flat=True
                    )
                )
            imported |= ids
        data = Recommendation.objects.all()
        if opts["only_files"]:
            data = data.filter(pk__in=imported)
        ids = list(data.order_by("pk").values_list("pk", flat=True))
        examples = dict(zip(ids, training_examples(data.order_by("pk")), strict=True))
        examples = {pk: e for pk, e in examples.items() if any(e.labels.values())}
        cycles = dict(data.values_list("pk", "review__cycle"))

        if opts["file"] and not opts["only_files"] and not opts["test_cycle"]:
            folds = [sorted(pk for pk in imported if pk in examples)]
            protocol = "test on the given files, train on the rest of the database"
        else:
            pool = sorted(
                pk
                for pk in examples
                if not opts["test_cycle"] or cycles.get(pk) == opts["test_cycle"]
            )
            random.Random(opts["seed"]).shuffle(pool)  # noqa: S311 - a reproducible split
            if opts["folds"] > 1:
                folds = [pool[i :: opts["folds"]] for i in range(opts["folds"])]
                protocol = f"{opts['folds']}-fold over {len(pool)} recommendations"
            else:
                folds = [pool[: max(1, round(len(pool) * opts["holdout"]))]]
                protocol = f"hold out {len(folds[0])} of {len(pool)} recommendations"
            if opts["test_cycle"]:
                protocol += f" of cycle {opts['test_cycle']}; train on all other data"
        if not folds or not folds[0]:
            raise CommandError("no classified recommendation to test on")
        self.stdout.write(f"protocol: {protocol}; {len(examples)} classified in all")

        base = baseline()
        runs = [("learned (blended)", True)] + (
            [("baseline (day one)", False)] if opts["baseline"] else []
        )
        for title, use_model in runs:
            totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
            for fold in folds:
                test_ids = set(fold)
                train = [e for pk, e in examples.items() if pk not in test_ids]
                test = [examples[pk] for pk in fold]
                result = evaluate(train, test, base=base, use_model=use_model)
                for name, figures in result.items():
                    for key, value in figures.items():
                        totals[name][key] += value * figures["n"] if key != "n" else value
            self.stdout.write(f"\n{title}")
            self.stdout.write(f"{'label set':<16}{'n':>6}" + "".join(f"{c:>13}" for c in COLUMNS))
            for name, figures in totals.items():
                n = figures["n"]
                cells = "".join(f"{(figures[c] / n if n else 0.0):>13.3f}" for c in COLUMNS)
                self.stdout.write(f"{name:<16}{int(n):>6}{cells}")
