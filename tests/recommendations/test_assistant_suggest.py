import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from mechanisms.models import Profile
from recommendations.assistant import suggest
from recommendations.assistant.engine import model_weight
from recommendations.assistant.services import suggestion_accept, suggestion_reject
from recommendations.assistant.storage import current_model
from recommendations.assistant.suggestions import suggest_for
from recommendations.assistant.tasks import train_classifier
from recommendations.assistant.text import clean, stem, tokens
from recommendations.assistant.training import classifier_train, training_examples
from recommendations.models import ClassifierModel, Recommendation, SuggestionFeedback
from tests.factories import RecommendationFactory, make_user
from tests.recommendations.assistant_fixtures import *  # noqa: F403
from tests.recommendations.assistant_fixtures import TEXTS

pytestmark = pytest.mark.django_db


def codes(items):
    return [item["code"] for item in items]


def test_clean_drops_paragraph_and_recommending_states():
    text = "121.10 Further strengthen efforts against hate speech (Lithuania) (Côte d'Ivoire);"
    assert clean(text) == ["121.10", "Further strengthen efforts against hate speech"][1]


def test_stem_joins_forms_of_a_word():
    assert stem("women") == stem("woman")
    assert stem("children") == "child"
    assert stem("journalists") == stem("journalist")
    assert "continu" not in tokens("Continue its efforts to protect journalists")


def test_suggest_works_from_day_one_without_any_training(small_reference):
    result = suggest(TEXTS["women"], top=3)
    assert set(result) == {"sdg_goals", "sdg_targets", "themes", "groups"}
    assert codes(result["sdg_goals"])[0] == "5"
    assert codes(result["sdg_targets"])[0] == "5.2"
    assert "F13" in codes(result["themes"])[:2]
    assert codes(result["groups"])[0] == "women"
    first = result["sdg_goals"][0]
    assert set(first) == {"code", "label", "score"}
    assert 0 < first["score"] <= 1
    assert "Gender equality" in first["label"]
    press = suggest(TEXTS["press"], top=3)
    assert codes(press["sdg_goals"])[0] == "16"
    assert codes(press["groups"])[0] == "journalists"


def _classified(small_reference, n=4):
    ref = small_reference
    for i in range(n):
        r = RecommendationFactory(text=f"{TEXTS['women']} item {i}")
        r.themes.set([ref["themes"]["F13"]])
        r.sdg_goals.set([ref["goals"][5]])
        r.groups.set([ref["groups"]["women"]])
        r = RecommendationFactory(text=f"{TEXTS['press']} item {i}")
        r.themes.set([ref["themes"]["D43"]])
        r.sdg_targets.set([ref["targets"]["16.10"]])
        r.groups.set([ref["groups"]["journalists"]])


def test_training_stores_a_model_file_with_date_and_size_and_blends_it_in(
    small_reference, settings
):
    _classified(small_reference)
    before = suggest("Protect journalists from attacks", top=5)
    run = classifier_train(ClassifierModel.objects.create())
    assert run.status == ClassifierModel.RunStatus.DONE
    assert run.training_size == 8
    assert run.finished is not None
    assert run.label_counts["themes"] == 8
    assert run.label_counts["sdg_goals"] == 8  # goals implied by targets count
    assert run.file.name.startswith("classifiers/")
    assert (settings.MEDIA_ROOT / run.file.name).is_file()
    loaded_run, model = current_model()
    assert loaded_run == run
    assert model is not None
    assert 0 < model_weight(model.sets["themes"].size) < 1
    after = suggest("Protect journalists from attacks", top=5)
    score = {i["code"]: i["score"] for i in after["themes"]}
    assert score["D43"] > {i["code"]: i["score"] for i in before["themes"]}["D43"] * (1 - 0.1)
    assert score["D43"] > score.get("F13", 0)
    assert codes(after["sdg_goals"])[0] == "16"


def test_training_without_classified_recommendations_fails_cleanly(small_reference):
    RecommendationFactory()
    run = classifier_train(ClassifierModel.objects.create())
    assert run.status == ClassifierModel.RunStatus.FAILED
    assert current_model() == (None, None)
    assert codes(suggest(TEXTS["school"])["sdg_goals"])[0] == "4"


def test_accept_adds_the_label_with_history_and_stores_feedback(small_reference):
    secretariat = make_user(Profile.Role.SECRETARIAT_STAFF)
    rec = RecommendationFactory(text=TEXTS["press"])
    before = rec.history.count()
    suggestion_accept(
        actor=secretariat, recommendation=rec, label_kind="sdg_targets", code="16.10", score=0.8
    )
    rec.refresh_from_db()
    assert list(rec.sdg_targets.values_list("code", flat=True)) == ["16.10"]
    assert list(rec.sdg_goals.values_list("number", flat=True)) == [16]
    assert rec.history.count() == before + 1
    feedback = SuggestionFeedback.objects.get()
    assert (feedback.accepted, feedback.user, feedback.score) == (True, secretariat, 0.8)
    # Accepting again changes nothing.
    suggestion_accept(actor=secretariat, recommendation=rec, label_kind="sdg_targets", code="16.10")
    assert rec.history.count() == before + 1
    assert SuggestionFeedback.objects.count() == 1
    assert "16.10" not in codes(suggest_for(rec)["sdg_targets"])


def test_rejected_suggestion_is_not_shown_again_and_is_an_explicit_negative(small_reference):
    secretariat = make_user(Profile.Role.SECRETARIAT_ADMIN)
    rec = RecommendationFactory(text=TEXTS["women"])
    rec.themes.set([small_reference["themes"]["F1"]])
    assert "F13" in codes(suggest_for(rec)["themes"])
    suggestion_reject(actor=secretariat, recommendation=rec, label_kind="themes", code="F13")
    shown = codes(suggest_for(rec)["themes"])
    assert "F13" not in shown
    assert "F1" not in shown
    (example,) = training_examples(Recommendation.objects.filter(pk=rec.pk))
    assert example.labels["themes"] == {"F1"}
    assert example.negatives["themes"] == {"F13"}


def test_only_the_secretariat_decides_and_labels_must_exist(small_reference):
    rec = RecommendationFactory()
    viewer = make_user(Profile.Role.VIEWER)
    with pytest.raises(PermissionDenied):
        suggestion_accept(actor=viewer, recommendation=rec, label_kind="themes", code="F13")
    staff = make_user(Profile.Role.SECRETARIAT_STAFF)
    with pytest.raises(ValidationError):
        suggestion_reject(actor=staff, recommendation=rec, label_kind="themes", code="ZZ9")
    with pytest.raises(ValidationError):
        suggestion_reject(actor=staff, recommendation=rec, label_kind="bodies", code="F13")
    assert not SuggestionFeedback.objects.exists()


def test_train_classifier_command_and_task(small_reference, capsys):
    _classified(small_reference, n=2)
    call_command("train_classifier")
    assert "trained on 4 recommendations" in capsys.readouterr().out
    run = ClassifierModel.objects.create()
    train_classifier.delay(run.pk)
    run.refresh_from_db()
    assert run.status == ClassifierModel.RunStatus.DONE
    assert current_model()[0] == run


# --- obviously wrong goals made rarer ---------------------------------------------------


def test_a_target_sharing_no_specific_word_never_outranks_one_that_does():
    import numpy as np

    from recommendations.assistant.engine import UNGROUNDED_SHARE, _grounded

    scores = np.array([[1.0, 0.3, 0.8, 0.0]], dtype=np.float32)
    shares = np.array([[False, True, False, True]])
    grounded = _grounded(scores, shares)[0]
    assert grounded[1] == pytest.approx(0.3)  # kept
    assert grounded[0] < 0.3  # was first, now below every label that shares a stem
    assert grounded[2] < 0.3
    assert grounded[0] <= 1.0 * UNGROUNDED_SHARE
    assert grounded[3] == 0
    # A text sharing nothing with any label keeps its order, at half the confidence.
    alone = _grounded(scores, np.zeros_like(shares))[0]
    assert list(np.argsort(-alone)) == list(np.argsort(-scores[0]))
    assert alone[0] == pytest.approx(UNGROUNDED_SHARE)


def test_generic_verbs_do_not_ground_a_target(small_reference):
    from recommendations.assistant.engine import baseline

    base = baseline()
    codes = base.codes["sdg_targets"]
    shares = base.shares_a_stem(
        ["Eliminate discrimination in employment", "Protect journalists from violence"],
        "sdg_targets",
    )
    eliminate = dict(zip(codes, shares[0], strict=True))
    journalists = dict(zip(codes, shares[1], strict=True))
    assert not eliminate["5.2"]  # "eliminate" alone says nothing about violence against women
    assert journalists["16.10"]  # journalists (its indicator)
    assert journalists["5.2"]  # violence
    assert not journalists["4.1"]
