"""The grounds an indicator value can be broken down by, as the secretariat defines them.

After OHCHR's guidance on a human rights-based approach to data and SDG target 17.18
(income, sex, age, race or ethnicity, migratory status, disability, geographic location,
other characteristics). A value's ``disaggregation`` is {dimension code: category name}: the
code and the category's English name are what is stored, so renaming them in another
language never orphans a value."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from recommendations.models.reference import NamedInLanguages


class DisaggregationDimension(NamedInLanguages):
    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Short, lower-case, no spaces, e.g. sex, age, region. Kept in every value."),
    )
    name = models.CharField(_("name"), max_length=100)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Only active dimensions take new values.")
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class DisaggregationCategory(NamedInLanguages):
    dimension = models.ForeignKey(
        DisaggregationDimension, on_delete=models.CASCADE, related_name="categories"
    )
    name = models.CharField(_("category"), max_length=100)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["dimension", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "name"], name="unique_category_in_dimension"
            )
        ]

    def __str__(self) -> str:
        return self.name
