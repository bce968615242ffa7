"""Names of States, bodies, themes and groups in the reader's language (issue 20): States
from the Unicode CLDR, the others from the shipped files; the secretariat's corrections are
kept when the reference data is loaded again; pages and facets show them, with the English
name where a language has none."""

import pytest
from django.utils import translation

from recommendations.models import AffectedGroup, State, Theme
from recommendations.reference.services import load_reference
from tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def test_states_get_their_names_in_the_other_un_languages(reference_data):
    slovenia = State.objects.get(iso3="SVN")
    assert slovenia.name_translations["fr"] == "Slovénie"
    assert slovenia.name_translations["es"] == "Eslovenia"
    assert slovenia.name_translations["ar"] == "سلوفينيا"
    with translation.override("ar"):
        assert slovenia.localized_name == "سلوفينيا"
    with translation.override("en"):
        assert slovenia.localized_name == "Slovenia"


def test_a_name_the_secretariat_corrected_survives_a_new_load(reference_data):
    State.objects.filter(iso3="SVN").update(
        name_translations={"fr": "République de Slovénie", "es": "Eslovenia"}
    )
    load_reference()
    slovenia = State.objects.get(iso3="SVN")
    assert slovenia.name_translations["fr"] == "République de Slovénie"  # kept
    assert slovenia.name_translations["ar"] == "سلوفينيا"  # filled in


def test_a_language_without_a_name_shows_the_english_one(reference_data):
    theme = Theme.objects.get(code="A12")
    theme.name_translations = {"fr": "Acceptation des normes internationales"}
    theme.save()
    with translation.override("fr"):
        assert theme.localized_name == "Acceptation des normes internationales"
    with translation.override("es"):
        assert theme.localized_name == theme.name


def test_portal_page_and_facets_name_states_themes_and_groups_in_arabic(client, reference_data):
    theme = Theme.objects.get(code="A12")
    theme.name_translations = {"ar": "قبول المعايير الدولية"}
    theme.save()
    group = AffectedGroup.objects.order_by("code").first()
    group.name_translations = {"ar": "فئة تجريبية"}
    group.save()
    rec = RecommendationFactory(is_published=True)
    rec.themes.add(theme)
    rec.groups.add(group)
    rec.recommending_states.add(State.objects.get(iso3="MEX"))
    page = client.get(f"/recommendations/{rec.pk}/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "<bdi>قبول المعايير الدولية</bdi>" in page
    assert "<bdi>فئة تجريبية</bdi>" in page
    assert "<bdi>المكسيك</bdi>" in page
    listing = client.get("/recommendations/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "A12 قبول المعايير الدولية" in listing
    english = client.get("/recommendations/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"A12 {theme.name}" in english  # the facet labels are not cached across languages


# --- the secretariat's screen ---------------------------------------------------------


def test_the_secretariat_admin_lists_and_corrects_a_name(client, people, reference_data, settings):
    settings.LANGUAGES = [("en", "English"), ("fr", "French"), ("es", "Spanish")]
    client.force_login(people["secretariat_admin"])
    page = client.get("/workspace/reference/states/?q=Slovenia").content.decode()
    assert "Slovénie" in page
    assert "/workspace/reference/states/SVN/" in page
    form = client.get("/workspace/reference/states/SVN/").content.decode()
    assert 'value="Slovénie"' in form
    response = client.post(
        "/workspace/reference/states/SVN/",
        {
            "fr": "  République   de Slovénie ",
            "was_fr": "Slovénie",
            "es": "",
            "was_es": "Eslovenia",
        },
    )
    assert response.status_code == 302
    names = State.objects.get(iso3="SVN").name_translations
    assert names["fr"] == "République de Slovénie"
    assert "es" not in names  # emptied: the English name shows in Spanish
    assert names["ru"] == "Словения"  # a language the site does not offer is kept


def test_a_name_changed_meanwhile_is_not_overwritten_and_the_input_is_kept(
    client, people, reference_data
):
    client.force_login(people["secretariat_admin"])
    State.objects.filter(iso3="SVN").update(name_translations={"fr": "Slovénie (changé)"})
    response = client.post(
        "/workspace/reference/states/SVN/", {"fr": "Ma version", "was_fr": "Slovénie"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "since you opened this page" in page
    assert 'value="Ma version"' in page  # what the user typed
    assert 'value="Slovénie (changé)"' in page  # what is stored now, to save again knowingly
    assert State.objects.get(iso3="SVN").name_translations["fr"] == "Slovénie (changé)"


@pytest.mark.parametrize(
    "role", ["secretariat_staff", "focal_own", "focal_other", "viewer", "nhri", "cso"]
)
def test_only_the_secretariat_admin_edits_reference_names(client, people, role, reference_data):
    client.force_login(people[role])
    assert client.get("/workspace/reference/themes/").status_code == 403
    assert client.get("/workspace/reference/themes/A12/").status_code == 403
    response = client.post("/workspace/reference/themes/A12/", {"fr": "x", "was_fr": ""})
    assert response.status_code == 403
    assert Theme.objects.get(code="A12").name_translations.get("fr") != "x"


def test_reference_names_refuse_anonymous_users_unknown_kinds_and_wrong_methods(
    client, people, reference_data
):
    response = client.get("/workspace/reference/groups/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.post("/workspace/reference/themes/A12/", {"fr": "x"}).status_code == 302
    client.force_login(people["secretariat_admin"])
    assert client.get("/workspace/reference/planets/").status_code == 404
    assert client.get("/workspace/reference/themes/ZZZ/").status_code == 404
    assert client.post("/workspace/reference/themes/").status_code == 405
    assert client.put("/workspace/reference/themes/A12/").status_code == 405
    for kind in ("states", "bodies", "themes", "groups"):
        assert client.get(f"/workspace/reference/{kind}/").status_code == 200


def test_lists_name_a_treaty_body_review_by_its_document_not_a_cycle(client, people):
    from recommendations.models import Review
    from tests.factories import StateFactory

    review = Review.objects.create(
        state_under_review=StateFactory(),
        mechanism="treaty_body",
        document_symbol="CEDAW/C/XYZ/CO/7",
        cycle=None,
        session=None,
    )
    RecommendationFactory(review=review, mechanism="treaty_body", is_published=True)
    portal = client.get("/recommendations/").content.decode()
    assert "<bdi>CEDAW/C/XYZ/CO/7</bdi>" in portal
    assert "session None" not in portal
    client.force_login(people["secretariat_admin"])
    registry = client.get("/workspace/recommendations/").content.decode()
    assert "<bdi>CEDAW/C/XYZ/CO/7</bdi>" in registry
    assert "session None" not in registry


def test_the_portal_list_reads_names_in_other_languages_without_a_query_per_row(
    client, reference_data
):
    """The names in other languages come with the rows (one prefetch per relation), not one
    query per State or theme shown: 87 queries instead of 19 slipped through once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    themes = list(Theme.objects.order_by("code")[:30])
    states = list(State.objects.order_by("iso3")[:30])

    def add(n):
        for i in range(n):
            rec = RecommendationFactory(is_published=True)
            rec.themes.add(themes[i % 30], themes[(i + 7) % 30])
            rec.recommending_states.add(states[i % 30], states[(i + 3) % 30])

    def count():
        from recommendations.filtering import facets

        # Adding recommendations keeps the facet labels remembered (no name changed): forget
        # them, so both pages look their labels up alike.
        facets._LABEL_MEMOS.clear()
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/recommendations/", HTTP_ACCEPT_LANGUAGE="fr")
        assert page.status_code == 200
        return len(queries)

    add(2)
    few = count()
    add(18)
    assert count() == few
