"""Public pages: anonymous access, what they show, languages, methods."""

import unicodedata

import pytest
from django.utils import translation

from recommendations.reference.services import load_reference

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_urls(portal_data):
    p = portal_data
    return [
        "/",
        "/recommendations/",
        "/recommendations/?search=torture&sdg_goal=16&sort=newest",
        f"/recommendations/{p.torture.pk}/",
        f"/institutions/{p.justice.pk}/",
        "/sdg/16/",
        "/themes/D2/",
        "/data/",
    ]


def test_every_public_page_answers_anonymous_users(client, public_urls):
    for url in public_urls:
        response = client.get(url)
        assert response.status_code == 200, url


def test_public_pages_refuse_post(client, public_urls):
    for url in public_urls:
        assert client.post(url).status_code == 405, url


def test_signed_in_roles_see_the_same_public_pages(client, portal_data, public_urls):
    for user in (portal_data.secretariat, portal_data.focal, portal_data.cso):
        client.force_login(user)
        for url in public_urls:
            assert client.get(url).status_code == 200, (user, url)


def test_unpublished_recommendation_is_not_found(client, portal_data):
    response = client.get(f"/recommendations/{portal_data.hidden.pk}/")
    assert response.status_code == 404


def test_unknown_entities_are_not_found(client, portal_data):
    assert client.get("/sdg/99/").status_code == 404
    assert client.get("/themes/NOPE/").status_code == 404
    assert client.get("/institutions/999999/").status_code == 404
    assert client.get("/recommendations/download.pdf").status_code == 404


def test_institution_without_published_work_is_not_found(client, portal_data):
    from tests.factories import InstitutionFactory

    idle = InstitutionFactory(name="Ministry of Nothing")
    assert client.get(f"/institutions/{idle.pk}/").status_code == 404


def test_home_shows_headline_figures_charts_and_table_fallback(client, portal_data):
    response = client.get("/")
    html = response.content.decode()
    stats = response.context["stats"]
    assert stats["total"] == 3
    assert {e["value"]: e["count"] for e in stats["mechanism"]} == {"upr": 2, "treaty_body": 1}
    assert {e["value"]: e["share"] for e in stats["response"]} == {"supported": 67, "noted": 33}
    assert [g["value"] for g in stats["sdg_goals"]] == [5, 16]
    assert 'data-chart="chart-sdg-data"' in html
    assert 'id="chart-sdg-data"' in html
    assert "<table" in html
    assert "Peace and justice" in html
    assert "chart.umd.min.js" in html
    assert "A new inspection unit" in html  # latest published updates


def test_search_text_sort_and_pagination(client, portal_data, settings):
    from tests.factories import RecommendationFactory

    for i in range(25):
        RecommendationFactory(text=f"Strengthen courts number {i}")
    response = client.get("/recommendations/?search=courts&sort=oldest")
    assert response.context["page"].paginator.count == 25
    assert "Page 1 of 2" in response.content.decode()
    second = client.get("/recommendations/?search=courts&sort=oldest&page=2")
    assert len(second.context["page"].object_list) == 5
    assert 'href="?search=courts&amp;sort=oldest&amp;page=1"' in second.content.decode()


def test_search_answers_htmx_with_the_partial(client, portal_data):
    response = client.get(
        "/recommendations/?sdg_goal=5", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="portal-search"
    )
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="portal-filters"' in html
    assert "1 recommendation" in html


def test_search_facets_fold_under_one_toggle_naming_the_choices(client, portal_data):
    html = client.get("/recommendations/").content.decode()
    # Served open (it works without JavaScript); search.js folds it on a phone.
    assert '<details class="portal-filters" id="facet-panels" open>' in html
    assert ">Filters</summary>" in html
    assert "js/search.js" in html
    html = client.get("/recommendations/?sdg_goal=16&body=UPR&search=torture").content.decode()
    assert ">Filters (2 chosen)</summary>" in html  # the text query is not a facet choice
    partial = client.get(
        "/recommendations/?sdg_goal=16", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="portal-search"
    ).content.decode()
    assert ">Filters (1 chosen)</summary>" in partial
    assert "js/search.js" not in partial  # loaded once, with the page


def test_search_downloads_carry_the_current_query(client, portal_data):
    html = client.get("/recommendations/?sdg_goal=16&body=UPR").content.decode()
    assert "/recommendations/download.csv?sdg_goal=16&amp;body=UPR" in html


def test_recommendation_page_separates_and_attributes_independent_voices(client, portal_data):
    html = client.get(f"/recommendations/{portal_data.torture.pk}/").content.decode()
    state, independent = html.split('id="independent-heading"')
    assert "A new inspection unit" in state
    assert "Lawyers still lack" not in state
    assert "Human Rights Ombudsman (Nadia Ombuds)" in independent
    assert "Legal Aid Network" in independent
    assert "Lawyers still lack access" in independent
    # Organisation only: the author's name never shows.
    assert "Olga" not in html
    assert "Quillonymous" not in html
    assert "Pendercast" not in html  # comments show the organisation only
    for expected in [
        "A/HRC/40/15",
        "France",
        "D25",
        "16. Peace and justice",
        "16.3",
        "Ministry of Justice",
        "Ministry of Health",
        "Justice and detention",
        "Training of prison staff",
        "training-report.pdf",
    ]:
        assert expected in html, expected


def test_sdg_names_follow_the_active_language(client, portal_data):
    response = client.get("/sdg/16/", HTTP_ACCEPT_LANGUAGE="fr")
    assert "Paix et justice" in response.content.decode()
    arabic = client.get("/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in arabic
    assert "السلام والعدل" in arabic
    # A language without a title falls back to English.
    spanish_titles = client.get("/sdg/16/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Peace, justice and strong institutions" in spanish_titles
    translation.activate("en")


def test_interface_is_translated(client, portal_data):
    html = client.get("/recommendations/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Rechercher" in html


@pytest.fixture
def _english_afterwards():
    yield
    translation.activate("en")


@pytest.mark.usefixtures("_english_afterwards")
@pytest.mark.parametrize(
    ("language", "search_heading", "goals_heading"),
    [
        ("ru", "Поиск рекомендаций", "Цели в области устойчивого развития"),
        ("zh-hans", "搜索建议", "可持续发展目标"),
        ("pt", "Pesquisar as recomendações", "Objetivos de Desenvolvimento Sustentável"),
    ],
)
def test_home_and_search_speak_russian_chinese_and_portuguese(
    client, portal_data, language, search_heading, goals_heading
):
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    home = client.get("/").content.decode()
    search = client.get("/recommendations/").content.decode()
    for html in (home, search):
        assert f'<html lang="{language}" dir="ltr">' in html
        assert "bootstrap.rtl.min.css" not in html
    assert f'<h2 id="goals-heading" class="h4">{goals_heading}</h2>' in home
    assert f'<h1 class="h3 mb-3">{search_heading}</h1>' in search
    assert "Search the recommendations" not in search


@pytest.mark.usefixtures("_english_afterwards")
@pytest.mark.parametrize(
    ("accept_language", "short_title", "full_title"),
    [
        ("ru", "Мир, правосудие и эффективные институты", "Содействие построению миролюбивого"),
        # What a browser set to Chinese (China) sends; Django serves it as "zh-hans".
        ("zh-CN,zh;q=0.9", "和平、正义且强大的机构", "创建和平、包容的社会以促进可持续发展"),
    ],
)
def test_sdg_names_from_the_reference_data_show_in_russian_and_chinese(
    client, portal_data, accept_language, short_title, full_title
):
    # The shipped SDG titles, keyed "ru" and "zh-Hans" as the UN translations name them.
    load_reference()

    def page(url):
        # The shipped files write some letters decomposed ("й" as "и" + breve).
        html = client.get(url, HTTP_ACCEPT_LANGUAGE=accept_language).content.decode()
        return unicodedata.normalize("NFC", html)

    home, goal, search = page("/"), page("/sdg/16/"), page("/recommendations/")
    assert f"16. {short_title}" in home
    assert short_title in goal
    assert full_title in goal
    assert f"16. {short_title}" in search  # the SDG facet
    assert "Peace, justice and strong institutions" not in home + goal


def test_public_evidence_downloads_and_internal_evidence_does_not(client, portal_data):
    ok = client.get(f"/evidence/{portal_data.public_evidence.pk}/")
    assert ok.status_code == 200
    assert b"".join(ok.streaming_content).startswith(b"%PDF")
    assert client.get(f"/evidence/{portal_data.internal_evidence.pk}/").status_code == 404
    portal_data.activity.is_published = False
    portal_data.activity.save()
    assert client.get(f"/evidence/{portal_data.public_evidence.pk}/").status_code == 404


def test_data_dictionary_lists_every_export_field(client, portal_data):
    from recommendations.portal.selectors import EXPORT_FIELDS

    html = client.get("/data/").content.decode()
    for field in EXPORT_FIELDS:
        assert f"<code>{field}</code>" in html


def test_recommendation_page_shows_published_repeats_but_not_unpublished_ones(client, db):
    from recommendations.models import RecommendationLink
    from tests.factories import RecommendationFactory, ReviewFactory

    earlier = RecommendationFactory(
        review=ReviewFactory(cycle=2, session=20),
        paragraph="115.7",
        text="Ratify the OP-CAT earlier",
    )
    hidden = RecommendationFactory(text="An unpublished twin", is_published=False)
    rec = RecommendationFactory(text="Ratify the OP-CAT again")
    RecommendationLink.objects.create(source=rec, target=earlier, kind="repeated", score=0.9)
    RecommendationLink.objects.create(source=rec, target=hidden, kind="similar", score=0.8)
    page = client.get(f"/recommendations/{rec.pk}/").content.decode()
    assert "Made before" in page
    assert "cycle 2 as 115.7" in page
    assert "An unpublished twin" not in page
    # The earlier one's page says it was made again later, once, never that the later
    # recommendation was "repeated from an earlier cycle" (the link's label seen from the
    # other end, which the page's side panel used to show).
    page = client.get(f"/recommendations/{earlier.pk}/").content.decode()
    assert page.count("Made again later") == 1
    assert "Repeated from an earlier cycle" not in page


def test_public_evidence_of_published_updates_and_activities_is_linked(client, portal_data):
    from recommendations.models import Evidence
    from tests.portal.conftest import MARKERS

    page = client.get(f"/recommendations/{portal_data.torture.pk}/").content.decode()
    update_file = Evidence.objects.get(original_name="inspection-report.pdf")
    for evidence in (portal_data.public_evidence, update_file):
        assert f'href="/evidence/{evidence.pk}/"' in page
        download = client.get(f"/evidence/{evidence.pk}/")
        assert download.status_code == 200
        assert b"".join(download.streaming_content).startswith(b"%PDF")
    for marker in ("internal_evidence", "internal_update_evidence", "unpublished_update_evidence"):
        assert MARKERS[marker] not in page
        hidden = Evidence.objects.get(original_name=MARKERS[marker])
        assert client.get(f"/evidence/{hidden.pk}/").status_code == 404
    # Made internal again by the secretariat: gone from the page and the download.
    from recommendations.publishing.services import evidence_set_internal

    evidence_set_internal(actor=portal_data.secretariat, evidence=update_file, internal=True)
    page = client.get(f"/recommendations/{portal_data.torture.pk}/").content.decode()
    assert "inspection-report.pdf" not in page
    assert client.get(f"/evidence/{update_file.pk}/").status_code == 404
