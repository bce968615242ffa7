"""The import service: real samples, re-import, changed files, bad files written nowhere."""

import json

import pytest
from django.core.management import call_command
from django.db.models import Count

from recommendations.imports.services import import_recommendations
from recommendations.models import (
    ClusterSet,
    Recommendation,
    ResponseEntry,
    Review,
)
from tests.recommendations.fixtures.builders import build_uhri_csv, build_uhri_xlsx, uhri_rows
from tests.recommendations.fixtures.samples import sample

pytestmark = pytest.mark.django_db

CYCLE2 = "ohchr-matrices/slovenia-upr-cycle2-session20.docx"
CYCLE3 = "ohchr-matrices/slovenia-upr-cycle3-session34.docx"
UPR_INFO = "upr-info/upr-info-sessions-01-05.csv"
PLEDGES = "upr-info/upr-info-voluntary-pledges.csv"


def test_ohchr_matrix_cycle3_imports_every_recommendation_with_its_classification(reference_data):
    summary = import_recommendations(sample(CYCLE3))
    assert summary.errors == []
    assert summary.created == 215
    assert summary.by_response == {
        "supported": 182, "noted": 33, "partially_supported": 0, "pending": 0, "none": 0
    }  # fmt: skip
    review = Review.objects.get()
    assert (review.state_under_review.name, review.cycle, review.session) == ("Slovenia", 3, 34)
    rec = Recommendation.objects.get(review=review, paragraph="121.1")
    assert rec.text.startswith("Ratify the International Convention for the Protection of All")
    assert {s.name for s in rec.recommending_states.all()} == {"France", "Lithuania"}
    assert rec.response == "supported"
    assert {t.code for t in rec.themes.all()} >= {"A12", "D32"}
    assert rec.is_published
    assert rec.responses.get().value == "supported"
    # Every recommendation is classified; the theme rows became a cluster set.
    assert not Recommendation.objects.filter(themes=None).exists()
    cluster_set = ClusterSet.objects.get()
    assert "Slovenia" in cluster_set.name
    assert cluster_set.clusters.count() > 10
    assert not Recommendation.objects.filter(clusters=None).exists()


def test_ohchr_matrix_cycle2_imports_with_themes_and_responses(reference_data):
    summary = import_recommendations(sample(CYCLE2))
    assert summary.errors == []
    assert summary.created == 163
    assert summary.by_response["supported"] == 142
    assert summary.by_response["noted"] == 21
    assert Review.objects.get().cycle == 2


def test_upr_info_csv_groups_rows_into_recommendations_with_several_states(reference_data):
    summary = import_recommendations(sample(UPR_INFO))
    assert summary.errors == []
    assert summary.rows == 6094
    assert summary.created == Recommendation.objects.count()
    assert summary.created < summary.rows
    assert summary.by_response["supported"] + summary.by_response["noted"] == summary.created
    multi = Recommendation.objects.annotate(n=Count("recommending_states")).filter(n__gt=1)
    assert multi.exists()
    assert set(Review.objects.values_list("cycle", flat=True)) == {1}
    # HTML entities are unescaped in stored text.
    assert not Recommendation.objects.filter(text__contains="&#").exists()
    assert Recommendation.objects.filter(themes__isnull=False).exists()


def test_upr_info_voluntary_pledges_import_without_response(reference_data):
    summary = import_recommendations(sample(PLEDGES))
    assert summary.errors == []
    assert summary.created > 900
    assert summary.by_response["none"] == summary.created


def test_reimporting_the_same_file_creates_nothing(reference_data):
    first = import_recommendations(sample(CYCLE3))
    count = Recommendation.objects.count()
    history = Recommendation.history.count()
    second = import_recommendations(sample(CYCLE3))
    assert second.errors == []
    assert (second.created, second.updated, second.unchanged) == (0, 0, first.created)
    assert Recommendation.objects.count() == count
    assert Recommendation.history.count() == history


def test_a_changed_file_updates_what_changed_and_keeps_history(reference_data, tmp_path):
    path = build_uhri_xlsx(tmp_path / "uhri.xlsx", rows=uhri_rows()[:3])
    assert import_recommendations(path).created == 3
    rows = uhri_rows()[:3]
    rows[0][9] = "Noted"  # UPR Position changed
    changed = build_uhri_xlsx(tmp_path / "uhri-changed.xlsx", rows=rows)
    summary = import_recommendations(changed)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 2)
    rec = Recommendation.objects.get(external_id="0b8f1c1e-5a0c-4f5e-9d1a-2f6a3b7c8d90")
    assert rec.response == "noted"
    assert rec.version == 2
    assert [e.value for e in rec.responses.order_by("pk")] == ["supported", "noted"]
    assert rec.history.first().prev_record.response == "supported"


@pytest.mark.parametrize("builder", [build_uhri_xlsx, build_uhri_csv])
def test_uhri_export_imports_treaty_bodies_special_procedures_and_upr(
    reference_data, tmp_path, builder
):
    suffix = ".xlsx" if builder is build_uhri_xlsx else ".csv"
    path = builder(tmp_path / f"uhri{suffix}", rows=uhri_rows()[:3])
    summary = import_recommendations(path)
    assert summary.errors == []
    assert summary.created == 3
    upr = Recommendation.objects.get(mechanism="upr")
    assert {s.name for s in upr.recommending_states.all()} == {"France", "State of Palestine"}
    assert {t.code for t in upr.sdg_targets.all()} == {"16.10", "1.4"}
    assert {g.number for g in upr.sdg_goals.all()} == {16, 1}
    assert upr.review.state_under_review.name == "Timor-Leste"
    cedaw = Recommendation.objects.get(mechanism="treaty_body")
    assert cedaw.body.code == "CEDAW"
    assert cedaw.response == ""
    assert cedaw.date.isoformat() == "2019-05-14"
    assert (
        Recommendation.objects.get(mechanism="special_procedure").body.mechanism
        == "special_procedure"
    )


def test_a_bad_row_refuses_the_whole_file_naming_row_and_column(reference_data, tmp_path):
    path = build_uhri_xlsx(tmp_path / "uhri-bad.xlsx")  # rows 5 and 6 are bad
    summary = import_recommendations(path)
    assert summary.created == 0
    assert Recommendation.objects.count() == 0
    assert Review.objects.count() == 0
    assert ResponseEntry.objects.count() == 0
    joined = "\n".join(summary.errors)
    assert "uhri-bad.xlsx, row 5" in joined
    assert "Committee of Friends" in joined
    assert "uhri-bad.xlsx, row 6" in joined
    assert "Text" in joined


def test_an_unknown_recommending_state_is_refused(reference_data, tmp_path):
    rows = uhri_rows()[:1]
    rows[0][8] = "- Atlantis"
    summary = import_recommendations(build_uhri_csv(tmp_path / "u.csv", rows=rows))
    assert Recommendation.objects.count() == 0
    assert any("row 2" in e and "Atlantis" in e for e in summary.errors)  # noqa: PT018


def test_a_file_that_is_not_a_recognised_format_is_refused(reference_data, tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("Name,Age\nAna,3\n")
    summary = import_recommendations(path)
    assert summary.errors
    assert "notes.csv" in summary.errors[0]
    corrupt = tmp_path / "broken.docx"
    corrupt.write_bytes(b"PK\x03\x04 this is not really a zip")
    summary = import_recommendations(corrupt)
    assert summary.errors
    assert "broken.docx" in summary.errors[0]
    assert Recommendation.objects.count() == 0


def test_dry_run_reports_the_same_counts_and_writes_nothing(reference_data):
    summary = import_recommendations(sample(CYCLE3), dry_run=True)
    assert summary.created == 215
    assert Recommendation.objects.count() == 0
    assert ClusterSet.objects.count() == 0


def test_publish_on_import_can_be_turned_off(reference_data, settings):
    settings.NRTD_PUBLISH_ON_IMPORT = False
    import_recommendations(sample(CYCLE2))
    assert not Recommendation.objects.filter(is_published=True).exists()


def test_command_prints_a_json_summary_last_and_exits_non_zero_on_errors(
    reference_data, tmp_path, capsys
):
    call_command("import_recommendations", str(sample(CYCLE2)))
    last = capsys.readouterr().out.strip().splitlines()[-1]
    by_response = {"supported": 142, "noted": 21, "partially_supported": 0, "pending": 0, "none": 0}
    assert json.loads(last) == {
        "created": 163, "updated": 0, "unchanged": 0, "skipped": 0, "errors": [],
        "by_response": by_response, "errors_total": 0, "warnings": 0, "unresolved": [],
        "unmapped_labels": 0,
    }  # fmt: skip
    bad = build_uhri_xlsx(tmp_path / "bad.xlsx")
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_recommendations", str(bad))
    assert exit_info.value.code == 1
    out = capsys.readouterr()
    result = json.loads(out.out.strip().splitlines()[-1])
    # A refused run reports what was wrong, never what it would have created.
    assert "created" not in result
    assert "by_response" not in result
    assert len(result["errors"]) >= 2
    assert result["errors_total"] == len(result["errors"])
    assert "bad.xlsx, row 5" in out.err


@pytest.mark.parametrize("role", ["focal_own", "viewer", "nhri", "cso"])
def test_only_the_secretariat_may_queue_an_import(role, people):
    from django.core.exceptions import PermissionDenied
    from django.core.files.uploadedfile import SimpleUploadedFile

    from recommendations.imports.jobs import import_job_create
    from recommendations.models import ImportJob

    upload = SimpleUploadedFile("matrix.csv", b"To,Text\n")
    with pytest.raises(PermissionDenied):
        import_job_create(actor=people[role], uploaded_file=upload)
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [
        ("matrix.pdf", 10, "Upload a .docx, .csv or .xlsx file."),
        ("matrix.csv", 51 * 1024 * 1024, "The file is larger than 50 MB."),
    ],
)
def test_the_service_checks_the_upload_for_every_caller(people, name, size, message):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from recommendations.imports.jobs import import_job_create
    from recommendations.models import ImportJob

    upload = SimpleUploadedFile(name, b"x")
    upload.size = size
    with pytest.raises(ValidationError) as refused:
        import_job_create(actor=people["secretariat_admin"], uploaded_file=upload)
    assert refused.value.message_dict == {"file": [message]}
    assert not ImportJob.objects.exists()
