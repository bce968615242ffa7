"""The upload page and the import job: preview, choice, permissions, progress, problems,
real worker."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from recommendations.models import ImportJob, Recommendation
from tests.factories import make_user
from tests.recommendations.fixtures.builders import build_uhri_xlsx, uhri_rows
from tests.recommendations.fixtures.samples import sample

pytestmark = pytest.mark.django_db

CYCLE2 = "ohchr-matrices/slovenia-upr-cycle2-session20.docx"


@pytest.fixture
def upload(client, django_capture_on_commit_callbacks):
    """POST a file to the upload page, running the preview job queued on commit (eager
    Celery)."""

    def post(path, **data):
        with open(path, "rb") as stream:
            file = SimpleUploadedFile(path.name, stream.read())
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/workspace/imports/", {"file": file, **data})

    return post


@pytest.fixture
def confirm(client, django_capture_on_commit_callbacks):
    """POST the choice after the preview (the States kept by default, published), running
    the import queued on commit."""

    def post(job, **data):
        job.refresh_from_db()
        data.setdefault("states_under_review", job.preview["default_states"])
        data.setdefault("publish", "on")
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(f"/workspace/imports/{job.pk}/import/", data)

    return post


def test_secretariat_uploads_a_matrix_previews_it_and_imports_it(
    client, upload, confirm, reference_data
):
    client.force_login(make_user("secretariat_staff"))
    response = upload(sample(CYCLE2))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/workspace/imports/{job.pk}/"
    # The upload is a preview: nothing is written until the secretariat chooses.
    assert job.status == "previewed"
    assert job.progress == 100
    assert Recommendation.objects.count() == 0
    page = client.get(f"/workspace/imports/{job.pk}/").content.decode()
    assert 'data-count="new">163<' in page
    assert 'name="states_under_review" value="SVN"' in page
    response = confirm(job)
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "done"
    assert job.result["created"] == 163
    page = client.get(f"/workspace/imports/{job.pk}/")
    assert b'data-count="created">163<' in page.content
    # Uploading it again creates nothing and says so.
    upload(sample(CYCLE2))
    again = ImportJob.objects.first()
    assert again.preview["totals"]["unchanged"] == 163
    confirm(again)
    again.refresh_from_db()
    assert again.result["created"] == 0
    assert again.result["unchanged"] == 163
    assert "Nothing new" in client.get(f"/workspace/imports/{again.pk}/").content.decode()
    assert Recommendation.objects.count() == 163


def test_a_refused_file_lists_problems_and_offers_the_report(
    client, upload, confirm, reference_data, tmp_path
):
    client.force_login(make_user("secretariat_admin"))
    upload(build_uhri_xlsx(tmp_path / "bad.xlsx"))
    job = ImportJob.objects.get()
    assert job.status == "previewed"
    assert "problems were found" in client.get(f"/workspace/imports/{job.pk}/").content.decode()
    confirm(job, states_under_review=[e["code"] for e in job.preview["states"]])
    job.refresh_from_db()
    assert job.status == "failed"
    page = client.get(f"/workspace/imports/{job.pk}/").content.decode()
    assert "nothing was written" in page
    assert "bad.xlsx, row 5" in page
    report = client.get(f"/workspace/imports/{job.pk}/problems.csv")
    assert report["Content-Type"].startswith("text/csv")
    assert "bad.xlsx, row 6" in report.content.decode()
    assert Recommendation.objects.count() == 0


def test_htmx_polling_gets_only_the_status_fragment(client, upload, reference_data, tmp_path):
    client.force_login(make_user("secretariat_admin"))
    upload(build_uhri_xlsx(tmp_path / "ok.xlsx", rows=uhri_rows()[:3]))
    job = ImportJob.objects.get()
    fragment = client.get(f"/workspace/imports/{job.pk}/", headers={"HX-Request": "true"})
    assert fragment.content.decode().lstrip().startswith('<div id="import-status"')


def test_form_errors_keep_what_the_user_typed(client):
    client.force_login(make_user("secretariat_admin"))
    response = client.post(
        "/workspace/imports/",
        {"file": SimpleUploadedFile("notes.txt", b"x"), "state": "Slovenia", "session": "34"},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Upload a .docx, .csv or .xlsx file." in content
    assert 'value="Slovenia"' in content
    assert 'value="34"' in content
    assert ImportJob.objects.count() == 0


@pytest.mark.parametrize("role", ["focal_point", "viewer", "nhri", "cso"])
def test_other_roles_may_not_import(client, role):
    client.force_login(make_user(role))
    assert client.get("/workspace/imports/").status_code == 403
    response = client.post(
        "/workspace/imports/", {"file": SimpleUploadedFile("a.csv", b"To,Text\n")}
    )
    assert response.status_code == 403
    assert ImportJob.objects.count() == 0


@pytest.mark.parametrize("role", ["focal_point", "viewer"])
def test_other_roles_may_not_see_jobs_or_reports(client, role, tmp_path):
    job = ImportJob.objects.create(original_name="x.csv", file="imports/x.csv")
    client.force_login(make_user(role))
    assert client.get(f"/workspace/imports/{job.pk}/").status_code == 403
    assert client.get(f"/workspace/imports/{job.pk}/problems.csv").status_code == 403


def test_anonymous_users_are_sent_to_login(client):
    for url in [
        "/workspace/imports/",
        "/workspace/imports/1/",
        "/workspace/imports/1/problems.csv",
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_wrong_methods_are_refused(client):
    client.force_login(make_user("secretariat_admin"))
    assert client.delete("/workspace/imports/").status_code == 405
    assert client.post("/workspace/imports/1/").status_code == 405
    assert client.get("/workspace/imports/1/import/").status_code == 405
    assert client.post("/workspace/imports/1/problems.csv").status_code == 405


def test_missing_job_is_404(client):
    client.force_login(make_user("secretariat_admin"))
    assert client.get("/workspace/imports/999/").status_code == 404


@pytest.mark.worker
def test_an_upload_is_imported_by_a_real_celery_worker(
    client, celery_worker_process, reference_data
):
    import time

    client.force_login(make_user("secretariat_admin"))
    with open(sample(CYCLE2), "rb") as stream:
        file = SimpleUploadedFile("slovenia.docx", stream.read())
    client.post("/workspace/imports/", {"file": file})  # transactional test: on_commit runs
    job = ImportJob.objects.get()

    def wait_for(*statuses):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.status in statuses:
                return
            time.sleep(0.2)

    wait_for("previewed", "failed")
    assert job.status == "previewed", job.errors
    client.post(f"/workspace/imports/{job.pk}/import/", {"states_under_review": ["SVN"]})
    wait_for("done", "failed")
    assert job.status == "done", job.errors
    assert job.result["created"] == 163
    assert Recommendation.objects.count() == 163


def test_importing_a_later_review_links_its_repeats_to_the_earlier_cycle(
    client, upload, confirm, reference_data
):
    from recommendations.models import RecommendationLink

    client.force_login(make_user("secretariat_admin"))
    upload(sample(CYCLE2))
    confirm(ImportJob.objects.get())
    upload(sample("ohchr-matrices/slovenia-upr-cycle3-session34.docx"))
    confirm(ImportJob.objects.first())
    repeats = RecommendationLink.objects.filter(kind="repeated")
    assert repeats.exists()
    link = repeats.select_related("source__review", "target__review").first()
    assert {link.source.review.cycle, link.target.review.cycle} == {2, 3}


def test_the_preview_page_shows_states_pledges_and_unresolved_names(
    client, upload, confirm, reference_data, tmp_path
):
    from tests.recommendations.test_import_preview import TWO_STATES

    path = tmp_path / "two-states.csv"
    path.write_text(TWO_STATES, encoding="utf-8")
    client.force_login(make_user("secretariat_admin"))
    upload(path)
    job = ImportJob.objects.get()
    page = client.get(f"/workspace/imports/{job.pk}/").content.decode()
    assert 'data-count="pledges">1<' in page
    assert 'data-count="recommendations">4<' in page
    assert "Narnia" in page
    assert 'value="SVN" id="state-SVN" checked' in page
    # Choosing no State is refused, beside the choices.
    response = client.post(f"/workspace/imports/{job.pk}/import/", {})
    assert response.status_code == 400
    assert "Choose at least one State under review." in response.content.decode()
    confirm(job, states_under_review=["SVN"], publish="")
    job.refresh_from_db()
    assert job.status == "done", job.errors
    assert Recommendation.objects.filter(is_published=False).count() == 3


@pytest.mark.parametrize("role", ["focal_point", "viewer", "nhri", "cso"])
def test_other_roles_may_not_choose_what_to_import(client, role):
    job = ImportJob.objects.create(
        original_name="x.csv", file="imports/x.csv", status="previewed", preview={"states": []}
    )
    client.force_login(make_user(role))
    response = client.post(f"/workspace/imports/{job.pk}/import/", {"states_under_review": "SVN"})
    assert response.status_code == 403
    job.refresh_from_db()
    assert job.status == "previewed"


def test_anonymous_users_may_not_choose_what_to_import(client):
    response = client.post("/workspace/imports/1/import/", {"states_under_review": "SVN"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
