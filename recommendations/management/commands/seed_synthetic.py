"""Synthetic recommendations for benchmarks and demos of scale.

Texts are assembled from wording typical of UPR, treaty body and special procedure
recommendations; every facet is filled with skewed, realistic distributions. Rows are written
with bulk_create in batches (through-model rows for the M2M fields), so memory stays flat and
250,000 recommendations take a few minutes on PostgreSQL. No history rows are written.
"""

from __future__ import annotations

import random
import time
from datetime import date

from django.core.management.base import BaseCommand
from django.db import transaction

from mechanisms.models import Institution
from recommendations.demo.synthetic_data import (
    CLUSTER_SETS,
    CYCLE_SESSIONS,
    CYCLE_YEARS,
    INSTITUTIONS,
    MECHANISM_WEIGHTS,
    OBJECTS,
    OPENINGS,
    PRIORITY_WEIGHTS,
    QUALIFIERS,
    RESPONSE_WEIGHTS,
    SP_OPENINGS,
    STATUS_WEIGHTS,
    TREATY_OPENINGS,
    TREATY_WEIGHTS,
    zipf_weights,
)
from recommendations.models import (
    AffectedGroup,
    Assignment,
    Body,
    Cluster,
    ClusterSet,
    Mechanism,
    Recommendation,
    Review,
    SdgGoal,
    SdgTarget,
    State,
    Theme,
)


class Command(BaseCommand):
    help = "Create N synthetic recommendations with realistic facets (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--recommendations", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch", type=int, default=5000)

    def handle(self, *args, recommendations: int, seed: int, batch: int, **options):
        started = time.monotonic()
        rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
        ref = self._reference(rng)
        done = 0
        while done < recommendations:
            size = min(batch, recommendations - done)
            self._batch(rng, ref, size, done)
            done += size
            if options.get("verbosity", 1) > 1 or done % (batch * 10) == 0:
                self.stdout.write(f"{done} recommendations ({time.monotonic() - started:.0f}s)")
        self.stdout.write(
            self.style.SUCCESS(
                f"seeded {recommendations} synthetic recommendations in "
                f"{time.monotonic() - started:.1f}s"
            )
        )

    # --- reference data -------------------------------------------------------------------

    def _ensure_reference(self) -> None:
        if State.objects.exists() and Body.objects.filter(code="UPR").exists():
            return
        try:
            from recommendations.reference.services import load_reference

            load_reference()
        except Exception as exc:  # noqa: BLE001 - fall back to the minimum below
            self.stderr.write(f"load_reference unavailable ({exc}); creating minimal rows")
        self._minimal_reference()

    def _minimal_reference(self) -> None:
        """Just enough reference rows to run standalone (no-ops when load_reference ran)."""
        for iso2, iso3, name in [
            ("FR", "FRA", "France"),
            ("BR", "BRA", "Brazil"),
            ("KE", "KEN", "Kenya"),
            ("IN", "IND", "India"),
            ("MX", "MEX", "Mexico"),
            ("NO", "NOR", "Norway"),
            ("JP", "JPN", "Japan"),
            ("ZA", "ZAF", "South Africa"),
            ("PY", "PRY", "Paraguay"),
            ("SN", "SEN", "Senegal"),
            ("IQ", "IRQ", "Iraq"),
            ("SI", "SVN", "Slovenia"),
        ]:
            State.objects.get_or_create(iso2=iso2, defaults={"iso3": iso3, "name": name})
        Body.objects.get_or_create(
            code="UPR", defaults={"name": "Universal Periodic Review", "mechanism": Mechanism.UPR}
        )
        for code in TREATY_WEIGHTS:
            Body.objects.get_or_create(
                code=code, defaults={"name": code, "mechanism": Mechanism.TREATY_BODY}
            )
        Body.objects.get_or_create(
            code="SR Torture",
            defaults={"name": "Special Rapporteur on torture", "mechanism": "special_procedure"},
        )
        Body.objects.get_or_create(
            code="ACHPR", defaults={"name": "African Commission", "mechanism": "regional"}
        )
        for _text, themes, groups, targets in OBJECTS:
            for code in themes:
                Theme.objects.get_or_create(code=code, defaults={"name": code})
            for code in groups:
                AffectedGroup.objects.get_or_create(
                    code=code, defaults={"name": code.replace("-", " ").capitalize()}
                )
            for code in targets:
                goal, _ = SdgGoal.objects.get_or_create(
                    number=int(code.split(".")[0]), defaults={"titles": {}}
                )
                SdgTarget.objects.get_or_create(
                    code=code, defaults={"goal": goal, "sort_key": code, "titles": {}}
                )

    def _reference(self, rng: random.Random) -> dict:
        self._ensure_reference()
        states = list(State.objects.order_by("pk").values_list("pk", "iso3"))
        rng.shuffle(states)
        bodies = {
            code: (pk, mech)
            for pk, code, mech in Body.objects.values_list("pk", "code", "mechanism")
        }
        by_mechanism: dict[str, list[tuple[int, str]]] = {}
        for code, (pk, mech) in bodies.items():
            by_mechanism.setdefault(mech, []).append((pk, code))
        treaty = [(bodies[c][0], c, w) for c, w in TREATY_WEIGHTS.items() if c in bodies]
        themes = dict(Theme.objects.values_list("code", "pk"))
        groups = dict(AffectedGroup.objects.values_list("code", "pk"))
        targets = {
            code: (pk, goal)
            for code, pk, goal in SdgTarget.objects.values_list("code", "pk", "goal_id")
        }
        goals = list(SdgGoal.objects.values_list("pk", flat=True))
        objects = []
        for text, theme_codes, group_codes, target_codes in OBJECTS:
            objects.append(
                (
                    text,
                    [themes[c] for c in theme_codes if c in themes],
                    [groups[c] for c in group_codes if c in groups],
                    [targets[c] for c in target_codes if c in targets],
                )
            )
        institutions = []
        for name, acronym in INSTITUTIONS:
            inst, _ = Institution.objects.get_or_create(name=name, defaults={"acronym": acronym})
            institutions.append(inst.pk)
        clusters = []
        for set_name, names in CLUSTER_SETS.items():
            cluster_set, _ = ClusterSet.objects.get_or_create(name=set_name)
            for order, name in enumerate(names, 1):
                cluster, _ = Cluster.objects.get_or_create(
                    cluster_set=cluster_set, name=name, defaults={"order": order}
                )
                clusters.append(cluster.pk)
        return {
            "states": states,
            "state_weights": zipf_weights(len(states), 0.6),
            "upr": bodies["UPR"][0],
            "treaty": treaty,
            "special": by_mechanism.get(Mechanism.SPECIAL_PROCEDURE, [])
            or [(bodies["UPR"][0], "UPR")],
            "regional": by_mechanism.get(Mechanism.REGIONAL, []) or [(bodies["UPR"][0], "UPR")],
            "objects": objects,
            "object_weights": zipf_weights(len(objects), 0.5),
            "themes": list(themes.values()),
            "groups": list(groups.values()),
            "goals": goals,
            "institutions": institutions,
            "institution_weights": zipf_weights(len(institutions), 0.8),
            "clusters": clusters,
            "reviews": {},
        }

    def _review(self, ref: dict, state_index: int, cycle: int) -> Review:
        key = (state_index, cycle)
        review = ref["reviews"].get(key)
        if review is None:
            first, last = CYCLE_SESSIONS[cycle]
            session = first + state_index % (last - first + 1)
            year = CYCLE_YEARS[cycle][0] + (session - first) * 4 // (last - first + 1)
            state_pk = ref["states"][state_index][0]
            review, _ = Review.objects.get_or_create(
                state_under_review_id=state_pk,
                session=session,
                defaults={
                    "cycle": cycle,
                    "date": date(year, 1 + state_index % 12, 15),
                    "document_symbol": f"A/HRC/{session + 3}/{10 + state_index % 80}",
                },
            )
            ref["reviews"][key] = review
        return review

    # --- one batch ------------------------------------------------------------------------

    @transaction.atomic
    def _upr_source(self, rng: random.Random, ref: dict, state_index: int, cycle: int) -> dict:
        # The draws keep their order, so a seed gives the same registry as before.
        states = ref["states"]
        review = self._review(ref, state_index, cycle)
        opening = rng.choice(OPENINGS)
        paragraph = f"{rng.randint(110, 160)}.{rng.randint(1, 260)}"
        response, label = rng.choices(
            [(v, lab) for v, lab, _ in RESPONSE_WEIGHTS], [w for *_, w in RESPONSE_WEIGHTS]
        )[0]
        count = rng.choices([1, 2, 3], [70, 20, 10])[0]
        recommending = list(
            {states[j][0] for j in rng.choices(range(len(states)), ref["state_weights"], k=count)}
            - {states[state_index][0]}
        )
        if not recommending:  # a State never recommends to itself
            recommending = [states[(state_index + 1) % len(states)][0]]
        return {
            "review": review,
            "body_id": ref["upr"],
            "opening": opening,
            "paragraph": paragraph,
            "document_symbol": review.document_symbol,
            "date": review.date,
            "response": response,
            "response_label": label,
            "recommending": recommending,
        }

    def _other_source(
        self, rng: random.Random, ref: dict, mechanism: str, state_index: int, cycle: int
    ) -> dict:
        if mechanism == Mechanism.TREATY_BODY and ref["treaty"]:
            body, code, _w = rng.choices(ref["treaty"], [w for *_, w in ref["treaty"]])[0]
            opening = rng.choice(TREATY_OPENINGS)
            symbol = f"{code}/C/{ref['states'][state_index][1]}/CO/{rng.randint(2, 9)}"
        else:
            pool = ref["special"] if mechanism == Mechanism.SPECIAL_PROCEDURE else ref["regional"]
            body, code = rng.choice(pool)
            opening = rng.choice(SP_OPENINGS)
            symbol = f"A/HRC/{rng.randint(10, 58)}/{rng.randint(20, 70)}/Add.{rng.randint(1, 3)}"
        paragraph = f"{rng.randint(8, 60)}({'abcdef'[rng.randint(0, 5)]})"
        year_from, year_to = CYCLE_YEARS[cycle]
        day = date(rng.randint(year_from, year_to), rng.randint(1, 12), rng.randint(1, 28))
        # Every recommendation belongs to a review: one per State, body and document, as a
        # UHRI import groups them (no draw here, so a seed gives the same registry).
        key = (state_index, body, symbol)
        review = ref["reviews"].get(key)
        if review is None:
            review, _ = Review.objects.get_or_create(
                state_under_review_id=ref["states"][state_index][0],
                mechanism=mechanism,
                body_id=body,
                document_symbol=symbol,
                defaults={"date": day},
            )
            ref["reviews"][key] = review
        return {
            "review": review,
            "body_id": body,
            "opening": opening,
            "paragraph": paragraph,
            "document_symbol": symbol,
            "date": day,
            "response": "",
            "response_label": "",
            "recommending": [],
        }

    def _links(self, rng: random.Random, ref: dict, themes, groups, targets) -> tuple:
        chosen_themes = set(rng.sample(themes, k=min(len(themes), rng.randint(1, 3))))
        if ref["themes"] and rng.random() < 0.2:
            chosen_themes.add(rng.choice(ref["themes"]))
        chosen_groups = set(rng.sample(groups, k=min(len(groups), rng.randint(0, 2))))
        chosen_targets = rng.sample(targets, k=min(len(targets), rng.randint(0, len(targets))))
        goals = {goal for _pk, goal in chosen_targets}
        if ref["goals"] and rng.random() < 0.05:
            goals.add(rng.choice(ref["goals"]))
        clusters = [rng.choice(ref["clusters"])] if rng.random() < 0.15 else []
        institutions = []
        if rng.random() < 0.8:
            count = rng.choices([1, 2, 3], [55, 30, 15])[0]
            picked = rng.choices(ref["institutions"], ref["institution_weights"], k=count)
            institutions = list(dict.fromkeys(picked))
        targets_pks = [pk for pk, _g in chosen_targets]
        return chosen_themes, chosen_groups, targets_pks, goals, clusters, institutions

    def _batch(self, rng: random.Random, ref: dict, size: int, offset: int) -> None:
        recs, extras = [], []
        for i in range(size):
            mechanism = rng.choices(
                [m for m, _ in MECHANISM_WEIGHTS], [w for _, w in MECHANISM_WEIGHTS]
            )[0]
            state_index = rng.choices(range(len(ref["states"])), ref["state_weights"])[0]
            cycle = rng.choices([1, 2, 3, 4], [15, 25, 32, 28])[0]
            picked = rng.choices(ref["objects"], ref["object_weights"])[0]
            obj_text, themes, groups, targets = picked
            qualifier = rng.choice(QUALIFIERS)
            if mechanism == Mechanism.UPR:
                source = self._upr_source(rng, ref, state_index, cycle)
            else:
                source = self._other_source(rng, ref, mechanism, state_index, cycle)
            opening = source.pop("opening")
            recommending = source.pop("recommending")
            recs.append(
                Recommendation(
                    text=f"{opening} {obj_text}{qualifier}.",
                    mechanism=mechanism,
                    **source,
                    status=rng.choices(
                        [s for s, _ in STATUS_WEIGHTS], [w for _, w in STATUS_WEIGHTS]
                    )[0],
                    priority=rng.choices(
                        [p for p, _ in PRIORITY_WEIGHTS], [w for _, w in PRIORITY_WEIGHTS]
                    )[0],
                    needs_parliament=rng.random() < 0.12,
                    budget_implications=rng.random() < 0.25,
                    is_published=rng.random() < 0.95,
                    # UPR Info's action categories (1, minimal action, to 5, specific
                    # action) are given to UPR recommendations only.
                    action_category=(
                        rng.choices([1, 2, 3, 4, 5], [5, 10, 20, 35, 30])[0]
                        if mechanism == Mechanism.UPR
                        else None
                    ),
                    source_file="seed_synthetic",
                    source_row=offset + i + 1,
                )
            )
            extras.append((recommending, *self._links(rng, ref, themes, groups, targets)))
        Recommendation.objects.bulk_create(recs, batch_size=size)
        if recs and recs[0].pk is None:  # backends that do not return ids
            last = list(
                Recommendation.objects.order_by("-pk").values_list("pk", flat=True)[: len(recs)]
            )
            for rec, pk in zip(recs, reversed(last), strict=True):
                rec.pk = pk
        self._write_relations(recs, extras)

    def _write_relations(self, recs, extras) -> None:
        fields = ["recommending_states", "themes", "groups", "sdg_targets", "sdg_goals", "clusters"]
        rows: dict[str, list] = {name: [] for name in fields}
        assignments = []
        for rec, extra in zip(recs, extras, strict=True):
            *m2m_values, institutions = extra
            for name, values in zip(fields, m2m_values, strict=True):
                field = Recommendation._meta.get_field(name)
                through = field.remote_field.through
                source = f"{field.m2m_field_name()}_id"
                target = f"{field.m2m_reverse_field_name()}_id"
                rows[name].extend(through(**{source: rec.pk, target: v}) for v in values)
            for n, institution in enumerate(institutions):
                assignments.append(
                    Assignment(
                        recommendation_id=rec.pk,
                        institution_id=institution,
                        role=Assignment.Role.LEAD if n == 0 else Assignment.Role.SUPPORTING,
                    )
                )
        for name in fields:
            through = Recommendation._meta.get_field(name).remote_field.through
            through.objects.bulk_create(rows[name], batch_size=10000)
        Assignment.objects.bulk_create(assignments, batch_size=10000)
