import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def _snapshot():
    from django.apps import apps

    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if not model._meta.label.startswith(("sessions.", "admin.", "axes."))
    }


def test_seed_demo_is_idempotent(capsys):
    call_command("seed_demo", force=True)
    first = _snapshot()
    call_command("seed_demo", force=True)
    assert _snapshot() == first


def test_seed_demo_creates_one_account_per_role_with_the_documented_password():
    call_command("seed_demo", force=True)
    for username in ["secretariat", "focal.health", "focal.justice", "viewer", "nhri", "cso"]:
        user = get_user_model().objects.get(username=username)
        assert user.check_password("nrtd-demo")
