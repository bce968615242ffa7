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

OPENINGS = [
    "Take further measures to",
    "Continue its efforts to",
    "Strengthen its efforts to",
    "Take all necessary measures to",
    "Redouble its efforts to",
    "Step up efforts to",
    "Intensify its efforts to",
    "Take concrete steps to",
    "Take effective measures to",
    "Consider adopting a comprehensive strategy to",
    "Develop and implement a national action plan to",
    "Allocate sufficient human, technical and financial resources to",
    "Adopt and implement legislation to",
    "Pursue its efforts to",
    "Ensure the effective implementation of measures to",
    "Expedite the adoption of measures to",
    "Establish an independent mechanism to",
    "Adopt a time-bound plan to",
]
TREATY_OPENINGS = [
    "The Committee recommends that the State party",
    "The Committee urges the State party to",
    "The Committee reiterates its previous recommendation that the State party",
    "The Committee calls upon the State party to",
]
SP_OPENINGS = [
    "The Special Rapporteur recommends that the Government",
    "The Working Group recommends that the authorities",
    "The Independent Expert encourages the Government to",
]
# (wording, themes, groups, SDG targets): the classification a secretariat would give it.
OBJECTS = [
    (
        "combat violence against women and girls, including domestic violence",
        ["F13", "D29", "D28"],
        ["women", "girls"],
        ["5.2"],
    ),
    (
        "criminalize marital rape and ensure that perpetrators are prosecuted",
        ["F13", "D28", "B52"],
        ["women"],
        ["5.2", "16.3"],
    ),
    (
        "eliminate discrimination against women in law and in practice",
        ["F12", "B31"],
        ["women"],
        ["5.1", "10.3"],
    ),
    (
        "increase the participation of women in political and public life",
        ["F14"],
        ["women"],
        ["5.5"],
    ),
    ("end child, early and forced marriage", ["F33", "F12"], ["girls", "children"], ["5.3"]),
    ("eradicate female genital mutilation", ["F13", "F33"], ["girls", "women"], ["5.3"]),
    (
        "prevent torture and ill-treatment in places of detention",
        ["D25", "D26"],
        ["persons-deprived-of-liberty"],
        ["16.3"],
    ),
    (
        "improve conditions of detention and reduce prison overcrowding",
        ["D26"],
        ["persons-deprived-of-liberty"],
        ["16.3"],
    ),
    (
        "ratify the Optional Protocol to the Convention against Torture",
        ["A12", "D25"],
        ["persons-deprived-of-liberty"],
        ["16.a"],
    ),
    (
        "abolish the death penalty and establish an official moratorium on executions",
        ["D23", "A12"],
        ["general"],
        ["16.1"],
    ),
    (
        "ratify the International Convention for the Protection of All Persons from Enforced "
        "Disappearance",
        ["A12", "D32"],
        ["disappeared-persons"],
        ["16.a"],
    ),
    (
        "investigate all allegations of extrajudicial killings by law enforcement officials",
        ["D22", "D24", "B52"],
        ["law-enforcement"],
        ["16.1", "16.3"],
    ),
    (
        "guarantee freedom of expression and protect journalists from harassment",
        ["D43"],
        ["journalists", "media"],
        ["16.10"],
    ),
    (
        "create a safe and enabling environment for human rights defenders and civil society",
        ["A61", "D45"],
        ["human-rights-defenders", "civil-society"],
        ["16.10"],
    ),
    (
        "guarantee the right to peaceful assembly and association",
        ["D44", "D45"],
        ["civil-society"],
        ["16.10"],
    ),
    (
        "ensure the independence of the judiciary and access to justice for all",
        ["D51", "B51"],
        ["judges-lawyers-prosecutors"],
        ["16.3"],
    ),
    (
        "strengthen the national human rights institution in line with the Paris Principles",
        ["A45"],
        ["general"],
        ["16.a"],
    ),
    (
        "establish a national mechanism for implementation, reporting and follow-up",
        ["A44", "A27"],
        ["general"],
        ["16.6"],
    ),
    (
        "extend a standing invitation to all special procedures mandate holders",
        ["A24"],
        ["general"],
        ["16.a"],
    ),
    ("submit its overdue reports to the treaty bodies", ["A22"], ["general"], ["16.6"]),
    (
        "combat trafficking in persons and protect victims",
        ["D27"],
        ["victims-of-trafficking", "women", "children"],
        ["16.2", "8.7", "5.2"],
    ),
    ("eliminate the worst forms of child labour", ["F33", "E31"], ["children"], ["8.7"]),
    (
        "protect children from all forms of violence, abuse and exploitation",
        ["F33"],
        ["children"],
        ["16.2"],
    ),
    (
        "raise the minimum age of criminal responsibility in line with international standards",
        ["F34"],
        ["children"],
        ["16.3"],
    ),
    (
        "ensure free birth registration for all children",
        ["F31"],
        ["children", "stateless-persons"],
        ["16.9"],
    ),
    (
        "guarantee access to free and compulsory quality primary education",
        ["E51"],
        ["children", "educational-staff-students"],
        ["4.1"],
    ),
    (
        "ensure inclusive education for children with disabilities",
        ["E51", "F41"],
        ["persons-with-disabilities", "children"],
        ["4.5", "4.a"],
    ),
    (
        "improve access to health care, especially in rural areas",
        ["E41", "E42"],
        ["persons-living-in-rural-areas"],
        ["3.8"],
    ),
    ("reduce maternal and infant mortality", ["E42", "E43"], ["women", "children"], ["3.1", "3.2"]),
    (
        "guarantee access to sexual and reproductive health services",
        ["E43"],
        ["women", "girls"],
        ["3.7", "5.6"],
    ),
    (
        "ensure universal access to safe drinking water and sanitation",
        ["E26"],
        ["persons-living-in-poverty"],
        ["6.1", "6.2"],
    ),
    (
        "reduce poverty and strengthen social protection systems",
        ["E25", "E24"],
        ["persons-living-in-poverty"],
        ["1.2", "1.3"],
    ),
    (
        "ensure the right to adequate housing and prevent forced evictions",
        ["E23"],
        ["persons-living-in-poverty"],
        ["11.1"],
    ),
    (
        "guarantee food security and the right to adequate food",
        ["E22", "E21"],
        ["persons-living-in-rural-areas"],
        ["2.1"],
    ),
    (
        "promote decent work and equal pay for work of equal value",
        ["E32", "F12"],
        ["women"],
        ["8.5"],
    ),
    (
        "protect the rights of migrant workers, including domestic workers",
        ["E32"],
        ["migrants", "domestic-workers"],
        ["8.8", "10.7"],
    ),
    (
        "protect the rights of refugees and asylum seekers and respect non-refoulement",
        ["D41"],
        ["refugees-asylum-seekers"],
        ["10.7"],
    ),
    (
        "reduce statelessness and facilitate access to nationality",
        ["B31"],
        ["stateless-persons"],
        ["16.9"],
    ),
    (
        "combat racial discrimination and hate speech",
        ["B32", "B31"],
        ["minorities", "people-of-african-descent"],
        ["10.3", "16.b"],
    ),
    (
        "protect the rights of indigenous peoples, including to their lands and resources",
        ["B31"],
        ["indigenous-peoples"],
        ["2.3", "10.2"],
    ),
    (
        "prohibit discrimination on the basis of sexual orientation and gender identity",
        ["B31"],
        ["lgbti"],
        ["10.3", "16.b"],
    ),
    (
        "ensure the rights of persons with disabilities to accessibility and independent living",
        ["F42", "F43"],
        ["persons-with-disabilities"],
        ["11.2", "10.2"],
    ),
    ("protect the rights of older persons", ["B31"], ["older-persons"], ["1.3", "10.2"]),
    (
        "fight corruption and strengthen transparency in public administration",
        ["A47"],
        ["public-officials"],
        ["16.5", "16.6"],
    ),
    (
        "integrate human rights education into school curricula",
        ["A52", "A51"],
        ["educational-staff-students"],
        ["4.7"],
    ),
    (
        "provide human rights training to police, judges and prison staff",
        ["A53"],
        ["law-enforcement", "judges-lawyers-prosecutors"],
        ["16.3"],
    ),
    (
        "mitigate the effects of climate change on the enjoyment of human rights",
        ["B44", "B43"],
        ["vulnerable-persons"],
        ["13.1"],
    ),
    ("ensure that business enterprises respect human rights", ["B42"], ["general"], ["12.6"]),
    (
        "collect disaggregated data to monitor the implementation of recommendations",
        ["A62"],
        ["general"],
        ["17.18"],
    ),
    (
        "ensure the protection of internally displaced persons",
        ["D41"],
        ["internally-displaced-persons"],
        ["11.5"],
    ),
    (
        "combat the stigmatization of persons living with HIV",
        ["E41", "B31"],
        ["persons-living-with-hiv"],
        ["3.3"],
    ),
    ("guarantee freedom of religion or belief for all", ["D42"], ["minorities"], ["16.10"]),
    (
        "protect the right to privacy in the context of digital surveillance",
        ["D46"],
        ["general"],
        ["16.10"],
    ),
]
QUALIFIERS = [
    "",
    "",
    ", in line with its international obligations",
    ", in consultation with civil society",
    ", including by allocating adequate resources",
    ", and ensure that perpetrators are brought to justice",
    ", with particular attention to rural areas",
    ", in accordance with the Sustainable Development Goals",
    ", and raise public awareness thereof",
    ", including through awareness-raising campaigns",
    ", and provide victims with effective remedies",
    ", as previously recommended",
]

INSTITUTIONS = [
    ("Ministry of Foreign Affairs", "MFA"),
    ("Ministry of Justice", "MOJ"),
    ("Ministry of Health", "MOH"),
    ("Ministry of Education", "MOE"),
    ("Ministry of Interior", "MOI"),
    ("Ministry of Labour and Social Protection", "MOL"),
    ("Ministry of Women and Gender Equality", "MWGE"),
    ("Ministry of Finance", "MOF"),
    ("Ministry of Defence", "MOD"),
    ("Ministry of Children and Family Affairs", "MCFA"),
    ("Ministry of Culture", "MOC"),
    ("Ministry of Environment", "MENV"),
    ("Ministry of Agriculture", "MOA"),
    ("Ministry of Housing and Urban Development", "MHUD"),
    ("Ministry of Water and Sanitation", "MWS"),
    ("Ministry of Planning", "MOP"),
    ("Ministry of Digital Affairs", "MDA"),
    ("Ministry of Indigenous Affairs", "MIA"),
    ("Ministry of Youth and Sports", "MYS"),
    ("Ministry of Public Administration", "MPA"),
    ("Office of the Prime Minister", "OPM"),
    ("Office of the Attorney General", "OAG"),
    ("Supreme Court", "SC"),
    ("Judicial Council", "JC"),
    ("National Assembly", "NA"),
    ("Senate Human Rights Committee", "SHRC"),
    ("National Police", "POL"),
    ("Prison Service", "PS"),
    ("Immigration Service", "IMM"),
    ("National Statistics Office", "NSO"),
    ("Electoral Commission", "EC"),
    ("Anti-Corruption Commission", "ACC"),
    ("Ombudsperson's Office", "OMB"),
    ("National Disability Council", "NDC"),
    ("Child Protection Agency", "CPA"),
    ("Social Security Institute", "SSI"),
    ("National Council for Women", "NCW"),
    ("Public Defender's Office", "PDO"),
    ("Media Regulatory Authority", "MRA"),
    ("Labour Inspectorate", "LI"),
    ("National Refugee Commission", "NRC"),
    ("Civil Registry", "CR"),
    ("National Institute of Indigenous Peoples", "NIIP"),
    ("Anti-Trafficking Unit", "ATU"),
    ("Armed Forces Human Rights Directorate", "AFHRD"),
    ("National Health Insurance Fund", "NHIF"),
    ("Data Protection Authority", "DPA"),
    ("Ministry of Trade and Industry", "MTI"),
    ("National Land Agency", "NLA"),
    ("Association of Municipalities", "AM"),
]

CYCLE_YEARS = {1: (2008, 2011), 2: (2012, 2016), 3: (2017, 2021), 4: (2022, 2026)}
CYCLE_SESSIONS = {1: (1, 12), 2: (13, 26), 3: (27, 40), 4: (41, 54)}
TREATY_WEIGHTS = {
    "CRC": 18,
    "CEDAW": 18,
    "CCPR": 14,
    "CESCR": 12,
    "CAT": 10,
    "CERD": 10,
    "CRPD": 9,
    "CMW": 3,
    "CED": 2,
    "CRC-OP-AC": 2,
    "CRC-OP-SC": 2,
}
MECHANISM_WEIGHTS = [
    (Mechanism.UPR, 60),
    (Mechanism.TREATY_BODY, 30),
    (Mechanism.SPECIAL_PROCEDURE, 8),
    (Mechanism.REGIONAL, 2),
]
RESPONSE_WEIGHTS = [
    ("supported", "Supported", 68),
    ("noted", "Noted", 26),
    ("partially_supported", "Supported/Noted", 3),
    ("pending", "Pending", 3),
]
STATUS_WEIGHTS = [
    ("", 10),
    ("not_started", 28),
    ("in_progress", 34),
    ("partially_implemented", 15),
    ("fully_implemented", 10),
    ("not_applicable", 3),
]
PRIORITY_WEIGHTS = [("", 60), ("high", 10), ("medium", 20), ("low", 10)]
CLUSTER_SETS = {
    "Mid-term report clusters (synthetic)": [
        "Legal and institutional framework",
        "Equality and non-discrimination",
        "Justice and security",
        "Civil and political rights",
        "Economic and social rights",
        "Women and children",
        "Groups in vulnerable situations",
        "Cooperation with mechanisms",
    ],
    "National action plan priorities (synthetic)": [
        "Access to justice",
        "Gender equality",
        "Child protection",
        "Health and education",
    ],
}


def zipf_weights(n: int, s: float = 1.0) -> list[float]:
    return [1 / (rank**s) for rank in range(1, n + 1)]


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
    def _batch(self, rng: random.Random, ref: dict, size: int, offset: int) -> None:
        recs, extras = [], []
        states = ref["states"]
        for i in range(size):
            mechanism = rng.choices(
                [m for m, _ in MECHANISM_WEIGHTS], [w for _, w in MECHANISM_WEIGHTS]
            )[0]
            state_index = rng.choices(range(len(states)), ref["state_weights"])[0]
            cycle = rng.choices([1, 2, 3, 4], [15, 25, 32, 28])[0]
            obj_text, themes, groups, targets = rng.choices(ref["objects"], ref["object_weights"])[
                0
            ]
            qualifier = rng.choice(QUALIFIERS)
            review = None
            recommending: list[int] = []
            response = label = ""
            if mechanism == Mechanism.UPR:
                review = self._review(ref, state_index, cycle)
                body = ref["upr"]
                opening = rng.choice(OPENINGS)
                text = f"{opening} {obj_text}{qualifier}."
                paragraph = f"{rng.randint(110, 160)}.{rng.randint(1, 260)}"
                symbol = review.document_symbol
                when = review.date
                response, label = rng.choices(
                    [(v, lab) for v, lab, _ in RESPONSE_WEIGHTS], [w for *_, w in RESPONSE_WEIGHTS]
                )[0]
                count = rng.choices([1, 2, 3], [70, 20, 10])[0]
                recommending = list(
                    {
                        states[j][0]
                        for j in rng.choices(range(len(states)), ref["state_weights"], k=count)
                    }
                    - {states[state_index][0]}
                )
                if not recommending:  # a State never recommends to itself
                    recommending = [states[(state_index + 1) % len(states)][0]]
            else:
                if mechanism == Mechanism.TREATY_BODY and ref["treaty"]:
                    body, code, _w = rng.choices(ref["treaty"], [w for *_, w in ref["treaty"]])[0]
                    opening = rng.choice(TREATY_OPENINGS)
                    symbol = f"{code}/C/{states[state_index][1]}/CO/{rng.randint(2, 9)}"
                else:
                    pool = (
                        ref["special"]
                        if mechanism == Mechanism.SPECIAL_PROCEDURE
                        else ref["regional"]
                    )
                    body, code = rng.choice(pool)
                    opening = rng.choice(SP_OPENINGS)
                    symbol = (
                        f"A/HRC/{rng.randint(10, 58)}/{rng.randint(20, 70)}/Add.{rng.randint(1, 3)}"
                    )
                text = f"{opening} {obj_text}{qualifier}."
                paragraph = f"{rng.randint(8, 60)}({'abcdef'[rng.randint(0, 5)]})"
                year_from, year_to = CYCLE_YEARS[cycle]
                when = date(rng.randint(year_from, year_to), rng.randint(1, 12), rng.randint(1, 28))
            recs.append(
                Recommendation(
                    text=text,
                    paragraph=paragraph,
                    mechanism=mechanism,
                    body_id=body,
                    document_symbol=symbol,
                    date=when,
                    review=review,
                    response=response,
                    response_label=label,
                    status=rng.choices(
                        [s for s, _ in STATUS_WEIGHTS], [w for _, w in STATUS_WEIGHTS]
                    )[0],
                    priority=rng.choices(
                        [p for p, _ in PRIORITY_WEIGHTS], [w for _, w in PRIORITY_WEIGHTS]
                    )[0],
                    needs_parliament=rng.random() < 0.12,
                    budget_implications=rng.random() < 0.25,
                    is_published=rng.random() < 0.95,
                    source_file="seed_synthetic",
                    source_row=offset + i + 1,
                )
            )
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
            extras.append(
                (
                    recommending,
                    chosen_themes,
                    chosen_groups,
                    [pk for pk, _g in chosen_targets],
                    goals,
                    clusters,
                    institutions,
                )
            )
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
