"""factory_boy factories shared by the whole suite."""

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from mechanisms.models import Institution, Profile, Seat, Stakeholder, StakeholderMember
from recommendations.models import (
    Assignment,
    Body,
    Cluster,
    ClusterSet,
    Evidence,
    Mechanism,
    Recommendation,
    Review,
    State,
    Theme,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "a-good-long-password")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            Profile.objects.update_or_create(user=self, defaults={"role": extracted, **kwargs})
        if create:
            self.save()


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Ministry {n}")
    acronym = factory.Sequence(lambda n: f"M{n}")
    kind = Institution.Kind.MINISTRY


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seat

    institution = factory.SubFactory(InstitutionFactory)
    level = Seat.Level.TECHNICAL


def make_user(role: str | None = None, *, institution=None, username=None, **kwargs):
    """A user in a role. A focal point gets a seat in ``institution``; a viewer is attached
    to it; NHRI and CSO users become verified members of a stakeholder organisation."""
    username = username or f"{role or 'plain'}-{UserFactory._meta.model.objects.count() + 1}"
    user = UserFactory(username=username, **kwargs)
    if role == Profile.Role.FOCAL_POINT:
        Profile.objects.update_or_create(user=user, defaults={"role": role})
        SeatFactory(institution=institution or InstitutionFactory(), holder=user)
    elif role == Profile.Role.VIEWER:
        Profile.objects.update_or_create(
            user=user, defaults={"role": role, "institution": institution}
        )
    elif role in (Profile.Role.NHRI, Profile.Role.CSO):
        Profile.objects.update_or_create(user=user, defaults={"role": role})
        kind = Stakeholder.Kind.NHRI if role == Profile.Role.NHRI else Stakeholder.Kind.CSO
        org, _ = Stakeholder.objects.get_or_create(
            name=f"{kind.label} of {username}", defaults={"kind": kind, "is_verified": True}
        )
        StakeholderMember.objects.get_or_create(
            stakeholder=org, user=user, defaults={"is_verified": True}
        )
    elif role:
        Profile.objects.update_or_create(user=user, defaults={"role": role})
    return user


class StateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = State
        django_get_or_create = ("iso2",)

    iso2 = "SI"
    iso3 = "SVN"
    name = "Slovenia"
    regional_group = "EEG"


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ("code",)

    code = "UPR"
    name = "Universal Periodic Review"
    mechanism = Mechanism.UPR


def health_rapporteur() -> Body:
    """The Special Rapporteur on the right to health: a special procedures mandate."""
    return BodyFactory(
        code="SR Health",
        name="Special Rapporteur on the right to health",
        mechanism=Mechanism.SPECIAL_PROCEDURE,
    )


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review
        django_get_or_create = ("state_under_review", "session")

    state_under_review = factory.SubFactory(StateFactory)
    cycle = 3
    session = 34


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"Z{n}")
    name = factory.Sequence(lambda n: f"Theme {n}")


class ClusterSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClusterSet
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Cluster set {n}")


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    cluster_set = factory.SubFactory(ClusterSetFactory)
    name = factory.Sequence(lambda n: f"Cluster {n}")


def review_for(mechanism: str, body, attrs=None) -> Review:
    """The UPR review of the factories' State, or the review of another mechanism's document
    (grouped by body and document symbol, as an import groups them)."""
    if mechanism == Mechanism.UPR:
        return ReviewFactory()
    symbol = getattr(attrs, "document_symbol", "") or ""
    review, _ = Review.objects.get_or_create(
        state_under_review=StateFactory(),
        mechanism=mechanism,
        body=body,
        document_symbol=symbol,
        defaults={"date": getattr(attrs, "date", None)},
    )
    return review


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    text = factory.Sequence(
        lambda n: f"Take further measures to protect the rights of persons, item {n}"
    )
    paragraph = factory.Sequence(lambda n: f"115.{n + 1}")
    mechanism = Mechanism.UPR
    body = factory.SubFactory(BodyFactory)
    # Every recommendation belongs to a review of its own mechanism (the column is NOT NULL).
    review = factory.LazyAttribute(lambda o: review_for(o.mechanism, o.body, o))
    response = "supported"
    response_label = "Supported"


def treaty_followup_item() -> Recommendation:
    """A CEDAW review's follow-up item (paragraph 12), which the reports to a treaty body
    answer."""
    cedaw = BodyFactory(code="CEDAW", name="CEDAW", mechanism=Mechanism.TREATY_BODY)
    return RecommendationFactory(
        mechanism=Mechanism.TREATY_BODY,
        body=cedaw,
        document_symbol="CEDAW/C/SVN/CO/7",
        paragraph="12",
        is_followup_item=True,
    )


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    recommendation = factory.SubFactory(RecommendationFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role = Assignment.Role.LEAD


# The keys of the ``people`` fixture (tests/conftest.py): one user per role; the secretariat
# and the government side (the secretariat and the institutions' focal points and viewer).
SECRETARIAT = ["secretariat_admin", "secretariat_staff"]
GOVERNMENT = [*SECRETARIAT, "focal_own", "focal_other", "viewer"]
ROLES = [*GOVERNMENT, "nhri", "cso"]
# The same and an anonymous caller: the rows of a permission table.
ROLES_AND_ANONYMOUS = [*ROLES, "anonymous"]
# The smallest PDF the evidence and document checks accept.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_evidence(name: str, *, uploaded_by, is_internal: bool, **attached_to) -> Evidence:
    """A PDF stored as evidence, attached to an ``activity=`` or a ``progress_update=``."""
    evidence = Evidence(
        original_name=name,
        content_type="application/pdf",
        size=len(PDF),
        is_internal=is_internal,
        uploaded_by=uploaded_by,
        **attached_to,
    )
    evidence.file.save("evidence.pdf", ContentFile(PDF), save=False)
    evidence.save()
    return evidence
