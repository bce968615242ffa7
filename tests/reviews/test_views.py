"""The review screens: who may open and post each one, paste → preview → correct → save,
errors that keep what was typed, and the version conflict."""

import pytest
from django.test import Client

from recommendations.models import Recommendation, Review
from recommendations.reviews.services import recommendation_add
from tests.factories import ROLES_AND_ANONYMOUS, StateFactory
from tests.roles import LOGIN, assert_answer, client_as, role_cases

pytestmark = pytest.mark.django_db

ROLES = ROLES_AND_ANONYMOUS

PASTED = """\
Women human rights defenders
11. The Committee notes the adoption of the action plan.
12. The Committee recommends that the State party:
(a) Adopt a law on defenders;
(b) Train the police.

CEDAW/C/SVN/CO/7
3/9

13. The Committee requests the State party to provide, within two years, written
information on the steps taken to implement the recommendations contained in
paragraph 12 (a) above.
"""


@pytest.fixture
def recommendation(people, treaty_review):
    return recommendation_add(
        actor=people["secretariat_staff"],
        review=treaty_review,
        text="Adopt a law.",
        paragraph="12",
    )


def _urls(review, recommendation):
    return {
        "list": "/workspace/reviews/",
        "detail": f"/workspace/reviews/{review.pk}/",
        "create": "/workspace/reviews/new/",
        "edit": f"/workspace/reviews/{review.pk}/edit/",
        "paste": f"/workspace/reviews/{review.pk}/paste/",
        "add": f"/workspace/reviews/{review.pk}/recommendations/new/",
        "edit_recommendation": f"/workspace/reviews/recommendations/{recommendation.pk}/edit/",
    }


# GET answers per role, in ROLES order; "login" for a redirect to the sign-in page.
L = LOGIN
READS = {
    "list": [200, 200, 200, 200, 200, 403, 403, L],
    "detail": [200, 200, 200, 200, 200, 403, 403, L],
    "create": [200, 200, 403, 403, 403, 403, 403, L],
    "edit": [200, 200, 403, 403, 403, 403, 403, L],
    "paste": [200, 200, 403, 403, 403, 403, 403, L],
    "add": [200, 200, 403, 403, 403, 403, 403, L],
    "edit_recommendation": [200, 200, 403, 403, 403, 403, 403, L],
}


@pytest.mark.parametrize(
    ("page", "role", "expected"),
    role_cases(READS),
)
def test_who_opens_each_review_screen(page, role, expected, people, treaty_review, recommendation):
    response = client_as(people, role).get(_urls(treaty_review, recommendation)[page])
    assert_answer(response, expected)


@pytest.mark.parametrize("page", ["create", "edit", "paste", "add", "edit_recommendation"])
@pytest.mark.parametrize("role", ["focal_own", "focal_other", "viewer", "cso"])
def test_a_post_by_a_role_without_the_right_writes_nothing(
    page, role, people, treaty_review, recommendation
):
    before = (Review.objects.count(), Recommendation.objects.count())
    response = client_as(people, role).post(
        _urls(treaty_review, recommendation)[page], {"text": "x", "step": "preview"}
    )
    assert response.status_code == 403
    assert (Review.objects.count(), Recommendation.objects.count()) == before


@pytest.mark.parametrize("page", ["list", "detail"])
def test_wrong_method_answers_405(page, people, treaty_review, recommendation):
    response = client_as(people, "secretariat_admin").post(
        _urls(treaty_review, recommendation)[page]
    )
    assert response.status_code == 405


def test_an_unknown_review_answers_404(people):
    assert (
        client_as(people, "secretariat_admin").get("/workspace/reviews/999/paste/").status_code
        == 404
    )


def test_the_secretariat_creates_a_treaty_body_review(people, cedaw):
    state = StateFactory()
    response = client_as(people, "secretariat_staff").post(
        "/workspace/reviews/new/",
        {
            "mechanism": "treaty_body",
            "state_under_review": state.pk,
            "body": cedaw.pk,
            "document_symbol": "CEDAW/C/SVN/CO/7",
            "date": "2023-03-01",
            "followup_due": "2025-03-01",
        },
    )
    review = Review.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/workspace/reviews/{review.pk}/"
    assert review.followup_due.isoformat() == "2025-03-01"


def test_a_review_form_error_keeps_what_was_typed(people):
    state = StateFactory()
    response = client_as(people, "secretariat_staff").post(
        "/workspace/reviews/new/",
        {
            "mechanism": "treaty_body",
            "state_under_review": state.pk,
            "document_symbol": "CEDAW/C/SVN/CO/7",
        },
    )
    assert response.status_code == 400
    assert b"Name the body or mandate." in response.content
    assert b'value="CEDAW/C/SVN/CO/7"' in response.content
    assert not Review.objects.exists()


def test_a_stale_review_edit_shows_the_conflict_and_keeps_the_input(people, treaty_review):
    client = client_as(people, "secretariat_staff")
    data = {
        "mechanism": "treaty_body",
        "state_under_review": treaty_review.state_under_review_id,
        "body": treaty_review.body_id,
        "document_symbol": "CEDAW/C/SVN/CO/7",
        "title": "Mine",
        "version": 1,
    }
    assert (
        client.post(
            f"/workspace/reviews/{treaty_review.pk}/edit/", {**data, "title": "First"}
        ).status_code
        == 302
    )
    response = client.post(f"/workspace/reviews/{treaty_review.pk}/edit/", data)
    assert response.status_code == 409
    assert b'id="conflict"' in response.content
    assert b'value="Mine"' in response.content
    assert b'name="version" value="2"' in response.content
    treaty_review.refresh_from_db()
    assert treaty_review.title == "First"


def test_paste_preview_correct_and_save(people, treaty_review):
    client = client_as(people, "secretariat_staff")
    url = f"/workspace/reviews/{treaty_review.pk}/paste/"
    preview = client.post(url, {"step": "preview", "text": PASTED})
    assert preview.status_code == 200
    formset = preview.context["formset"]
    initial = [form.initial for form in formset.forms]
    assert [i["paragraph"] for i in initial] == ["11", "12 (a)", "12 (b)", "13"]
    assert [i["decision"] for i in initial] == ["not", "followup", "recommendation", "not"]
    assert initial[1]["heading"] == ""
    assert not Recommendation.objects.exists()

    data = {
        "step": "save",
        "form-TOTAL_FORMS": "4",
        "form-INITIAL_FORMS": "4",
        "followup_due": "2025-03-01",
        "is_published": "on",
    }
    for i, item in enumerate(initial):
        data.update({f"form-{i}-{k}": item[k] for k in ("paragraph", "text", "decision", "kind")})
    # The secretariat corrects one split and makes paragraph 11 a recommendation.
    data["form-2-text"] = "The Committee recommends that the State party: (b) Train judges."
    data["form-0-decision"] = "recommendation"
    response = client.post(url, data)
    assert response.status_code == 302
    saved = Recommendation.objects.filter(review=treaty_review).order_by("paragraph")
    assert [(r.paragraph, r.is_followup_item) for r in saved] == [
        ("11", False),
        ("12 (a)", True),
        ("12 (b)", False),
    ]
    assert saved[2].text.endswith("Train judges.")


def test_a_split_save_error_saves_nothing_and_keeps_the_corrections(
    people, treaty_review, recommendation
):
    url = f"/workspace/reviews/{treaty_review.pk}/paste/"
    data = {
        "step": "save",
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-0-paragraph": "12",
        "form-0-text": "Corrected text",
        "form-0-decision": "recommendation",
        "form-1-paragraph": "14",
        "form-1-text": "Other",
        "form-1-decision": "followup",
    }
    response = client_as(people, "secretariat_staff").post(url, data)
    assert response.status_code == 400
    assert b"Paragraph 12 is already in this review." in response.content
    assert b"Corrected text" in response.content
    assert Recommendation.objects.count() == 1


def test_an_empty_paste_says_so(people, treaty_review):
    response = client_as(people, "secretariat_staff").post(
        f"/workspace/reviews/{treaty_review.pk}/paste/", {"step": "preview", "text": "no numbers"}
    )
    assert response.status_code == 400
    assert b"No numbered paragraph was found" in response.content


def test_a_recommendation_is_added_and_edited_by_hand_with_history(people, treaty_review):
    client = client_as(people, "secretariat_staff")
    response = client.post(
        f"/workspace/reviews/{treaty_review.pk}/recommendations/new/",
        {
            "review": treaty_review.pk,
            "paragraph": "40",
            "text": "Ratify the protocol.",
            "response": "supported",
        },
    )
    rec = Recommendation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/workspace/recommendations/{rec.pk}/"
    response = client.post(
        f"/workspace/reviews/recommendations/{rec.pk}/edit/",
        {
            "review": treaty_review.pk,
            "paragraph": "41",
            "text": "Ratify the protocol now.",
            "response": "noted",
            "version": 1,
        },
    )
    assert response.status_code == 302
    rec.refresh_from_db()
    assert (rec.paragraph, rec.response) == ("41", "noted")
    assert rec.history.count() == 2
    stale = client.post(
        f"/workspace/reviews/recommendations/{rec.pk}/edit/",
        {"review": treaty_review.pk, "paragraph": "42", "text": "Mine", "version": 1},
    )
    assert stale.status_code == 409
    assert b"Mine" in stale.content


def test_a_recommendation_without_text_keeps_the_paragraph(people, treaty_review):
    response = client_as(people, "secretariat_staff").post(
        f"/workspace/reviews/{treaty_review.pk}/recommendations/new/",
        {"review": treaty_review.pk, "paragraph": "40", "text": ""},
    )
    assert response.status_code == 400
    assert b'value="40"' in response.content


def test_review_facet_counts_every_mechanism(people, treaty_review, recommendation):
    from recommendations.filtering.facets import facet_counts
    from recommendations.models import Recommendation as Rec
    from tests.factories import RecommendationFactory

    upr = RecommendationFactory()
    counts = facet_counts(Rec.objects.all(), ["review", "state_under_review", "body"])
    labels = {e["label"]: e["count"] for e in counts["review"]}
    assert labels == {
        "Slovenia — CEDAW — CEDAW/C/SVN/CO/7": 1,
        f"Slovenia — UPR {upr.review.session}": 1,
    }
    assert counts["state_under_review"] == [{"value": "SVN", "label": "Slovenia", "count": 2}]
    assert {e["value"] for e in counts["body"]} == {"CEDAW", "UPR"}


def test_registry_and_portal_filter_by_review(people, treaty_review, recommendation):
    from tests.factories import RecommendationFactory

    other = RecommendationFactory()
    client = client_as(people, "secretariat_staff")
    page = client.get(f"/workspace/recommendations/?review={treaty_review.pk}")
    assert page.status_code == 200
    assert recommendation.text.encode() in page.content
    assert other.text.encode() not in page.content
    portal = Client().get(f"/recommendations/?review={treaty_review.pk}")
    assert portal.status_code == 200
    assert recommendation.text.encode() in portal.content
    assert other.text.encode() not in portal.content


def test_the_recommendation_pages_name_the_review_and_the_follow_up(people, treaty_review):
    rec = recommendation_add(
        actor=people["secretariat_staff"],
        review=treaty_review,
        text="Adopt a law.",
        paragraph="12 (a)",
        is_followup_item=True,
    )
    workspace = client_as(people, "secretariat_staff").get(f"/workspace/recommendations/{rec.pk}/")
    html = workspace.content.decode()
    assert f'href="/workspace/reviews/{treaty_review.pk}/"' in html
    assert "CEDAW/C/SVN/CO/7" in html
    assert "Selected for follow-up" in html
    assert "overdue" in html  # due 2025-03-01
    assert f"/workspace/reviews/recommendations/{rec.pk}/edit/" in html
    portal = Client().get(f"/recommendations/{rec.pk}/").content.decode()
    assert f"/recommendations/?review={treaty_review.pk}" in portal
    assert "Selected for follow-up" in portal
    viewer = (
        client_as(people, "viewer").get(f"/workspace/recommendations/{rec.pk}/").content.decode()
    )
    assert "/edit/" not in viewer
