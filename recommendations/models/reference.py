"""Reference data: States, bodies, UHRI themes and groups, SDG goals, targets and indicators.

Loaded from recommendations/reference/ by ``manage.py load_reference``; the secretariat
can add bodies, themes and groups in the app.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from nrtd.fields import user_link
from nrtd.i18n import in_language


class Mechanism(models.TextChoices):
    UPR = "upr", _("Universal Periodic Review")
    TREATY_BODY = "treaty_body", _("Treaty body")
    SPECIAL_PROCEDURE = "special_procedure", _("Special procedure")
    REGIONAL = "regional", _("Regional body")


class NamedInLanguages(models.Model):
    """A reference record's name in the reader's language: ``name`` is the English (UN)
    name, which imports match; ``name_translations`` the others, {"fr": ..., "ar": ...},
    loaded with the reference data (States from the Unicode CLDR, through Babel) and
    corrected by the secretariat. A language without a name shows the English one."""

    name_translations = models.JSONField(_("names in other languages"), default=dict, blank=True)

    class Meta:
        abstract = True

    @property
    def localized_name(self) -> str:
        return in_language(self.name_translations or {}, self.name, english=False)


class State(NamedInLanguages):
    class Status(models.TextChoices):
        MEMBER = "member", _("UN member State")
        OBSERVER = "observer", _("UN observer State")

    iso2 = models.CharField(max_length=2, unique=True)
    iso3 = models.CharField(max_length=3, unique=True)
    name = models.CharField(max_length=120, unique=True)
    un_status = models.CharField(max_length=10, choices=Status.choices, default=Status.MEMBER)
    regional_group = models.CharField(max_length=20, blank=True)
    # Other spellings met in real files ("Turkey", "Czech Republic", "UK").
    aliases = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StateAlias(models.Model):
    """A spelling of a State met in an imported file and mapped by the secretariat (in the
    import preview, or with ``import_recommendations --map``). Kept apart from
    ``State.aliases``, which ``load_reference`` rewrites."""

    name = models.CharField(_("name in the file"), max_length=255)
    key = models.CharField(max_length=255, unique=True)  # parsers.states.state_key(name)
    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="mapped_aliases")
    created_by = user_link(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "State aliases"

    def __str__(self) -> str:
        return f"{self.name} → {self.state}"


class Body(NamedInLanguages):
    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=255)
    mechanism = models.CharField(max_length=20, choices=Mechanism.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    aliases = models.JSONField(default=list, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["mechanism", "code"]
        verbose_name_plural = "bodies"

    def __str__(self) -> str:
        return self.code


class Theme(NamedInLanguages):
    """UHRI theme, two levels: a level-1 group (parent empty) and its themes."""

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=255)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    aliases = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class AffectedGroup(NamedInLanguages):
    code = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=255, unique=True)
    aliases = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TranslatedTitle(models.Model):
    """SDG records carry their titles in the six UN languages: {"en": ..., "ar": ...}."""

    titles = models.JSONField(default=dict)

    class Meta:
        abstract = True

    @property
    def title(self) -> str:
        return in_language(self.titles)


class SdgGoal(TranslatedTitle):
    number = models.PositiveSmallIntegerField(unique=True)
    short_titles = models.JSONField(default=dict)  # {"en": "No poverty", ...}

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"SDG {self.number}"

    @property
    def short_title(self) -> str:
        return in_language(self.short_titles)


class SdgTarget(TranslatedTitle):
    code = models.CharField(max_length=10, unique=True)  # "16.10", "5.a"
    goal = models.ForeignKey(SdgGoal, on_delete=models.CASCADE, related_name="targets")
    sort_key = models.CharField(max_length=20, db_index=True)

    class Meta:
        ordering = ["sort_key"]

    def __str__(self) -> str:
        return self.code


class SdgIndicator(TranslatedTitle):
    code = models.CharField(max_length=20, unique=True)  # "16.10.1"
    target = models.ForeignKey(SdgTarget, on_delete=models.CASCADE, related_name="indicators")
    sort_key = models.CharField(max_length=30, db_index=True)

    class Meta:
        ordering = ["sort_key"]

    def __str__(self) -> str:
        return self.code
