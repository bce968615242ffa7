"""Forms of the follow-up. They validate input; services do the writing."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from mechanisms.models import Institution
from nrtd.uploads import CheckedFileField
from recommendations.followup.dimensions import active_dimensions
from recommendations.followup.evidence import EVIDENCE_HELP, evidence_max_bytes
from recommendations.followup.services import INDICATOR_FIELDS
from recommendations.followup.sheet_upload import SHEET_UPLOAD
from recommendations.models import (
    ActionPlanItem,
    Activity,
    Body,
    Cluster,
    Comment,
    Indicator,
    Recommendation,
    SdgIndicator,
    Status,
)


def _budget() -> forms.DecimalField:
    """An optional amount in a currency (activities and plan items)."""
    return forms.DecimalField(
        label=_("Budget"),
        required=False,
        min_value=0,
        max_digits=16,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01"}),
    )


def _measure(label, required=False, **kwargs) -> forms.DecimalField:
    """A measured quantity of an indicator (baseline, target, value): any unit, four
    decimals."""
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=16,
        decimal_places=4,
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "any"}),
        **kwargs,
    )


def _currency() -> forms.CharField:
    return forms.CharField(
        label=_("Currency"),
        required=False,
        max_length=3,
        min_length=3,
        help_text=_("Three-letter code, e.g. USD, EUR, XOF."),
        widget=forms.TextInput(attrs={"class": "form-control", "size": 4}),
    )


def _date(label, required=True, **kwargs):
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
        **kwargs,
    )


def _text(label, required=True, max_length=255, **kwargs):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        **kwargs,
    )


def _area(label, required=True, rows=4, **kwargs):
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": rows}),
        **kwargs,
    )


def _select():
    return forms.Select(attrs={"class": "form-select"})


def check_dates_and_budget(form, data: dict) -> None:
    """What an activity and a plan item both ask of their dates and budget: the end not
    before the start, and a currency with any budget."""
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        form.add_error("end_date", _("The end date is before the start date."))
    if data.get("budget") is not None and not data.get("currency"):
        form.add_error("currency", _("Give the currency of the budget."))


class ChoicesForm(forms.Form):
    """A form whose lists of choices the view limits to what the user may pick."""

    def limit_choices(self, **querysets) -> None:
        """Each keyword names a field and gives its choices; ``None`` keeps the field's own."""
        for name, queryset in querysets.items():
            if queryset is not None:
                self.fields[name].queryset = queryset


class VersionedForm(ChoicesForm):
    """The form of a versioned record: its hidden ``version`` goes to the service as
    ``expected_version``, not with the other values."""

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class PlannedWorkForm(VersionedForm):
    """An activity or a plan item: dated, with an optional budget."""

    def clean(self):
        data = super().clean()
        check_dates_and_budget(self, data)
        return data


def _multi_widget(size=6):
    return forms.SelectMultiple(attrs={"class": "form-select", "size": size})


class RecommendationChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.paragraph} {obj.text[:90]}".strip()


class ClusterChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.cluster_set.name}: {obj.name}"


class SdgIndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.title}"[:140]


def _evidence_help_text() -> str:
    return EVIDENCE_HELP % {"mb": evidence_max_bytes() // (1024 * 1024)}


# Lazy: the help text is translated when the form is shown, in the user's language.
_evidence_help = lazy(_evidence_help_text, str)


class EvidenceField(forms.FileField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Evidence file"))
        kwargs.setdefault("help_text", _evidence_help())
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"class": "form-control"}))
        super().__init__(**kwargs)


class ProgressUpdateForm(forms.Form):
    """A status on the scale with a dated narrative, and optionally an evidence file."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=Status.choices,
        widget=_select(),
        error_messages={"required": _("Choose a status.")},
    )
    date = _date(_("Date"), error_messages={"required": _("Give the date of the update.")})
    narrative = _area(
        _("What was done, what is planned, obstacles"),
        rows=5,
        error_messages={"required": _("Say what was done, what is planned and the obstacles.")},
    )
    evidence = EvidenceField()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("date", timezone.localdate())
        super().__init__(*args, **kwargs)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date and date > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future."))
        return date


class ProgressEditForm(ProgressUpdateForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReviewForm(forms.Form):
    ACTIONS = [("accept", _("Accept")), ("send_back", _("Send back"))]
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)
    comment = _area(_("Comment to the institution"), required=False, rows=2)


class ActivityForm(PlannedWorkForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = _text(_("Title"), error_messages={"required": _("Give the activity a title.")})
    description = _area(
        _("Description"),
        error_messages={"required": _("Describe the activity: what is done, by whom, for whom.")},
    )
    lead_institution = forms.ModelChoiceField(
        label=_("Lead institution"),
        queryset=Institution.objects.filter(is_active=True),
        widget=_select(),
        error_messages={"required": _("Choose the institution that leads the activity.")},
    )
    start_date = _date(
        _("Start date"), error_messages={"required": _("Give the date the activity starts.")}
    )
    end_date = _date(_("End date"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=Activity.ActivityStatus.choices, widget=_select()
    )
    budget = _budget()
    currency = _currency()
    recommendations = RecommendationChoiceField(
        label=_("Recommendations it serves"),
        queryset=Recommendation.objects.none(),
        widget=_multi_widget(8),
        error_messages={"required": _("Link the activity to at least one recommendation.")},
    )
    plan_items = forms.ModelMultipleChoiceField(
        label=_("National action plan items"),
        queryset=ActionPlanItem.objects.select_related("plan"),
        required=False,
        widget=_multi_widget(4),
    )

    def __init__(self, *args, recommendations=None, institutions=None, **kwargs):
        # Its own ids: the follow-up page also shows the progress form (another "status").
        kwargs.setdefault("auto_id", "activity-%s")
        super().__init__(*args, **kwargs)
        self.limit_choices(recommendations=recommendations, lead_institution=institutions)

    @staticmethod
    def initial_for(activity: Activity) -> dict:
        return {
            "version": activity.version,
            "title": activity.title,
            "description": activity.description,
            "lead_institution": activity.lead_institution_id,
            "start_date": activity.start_date,
            "end_date": activity.end_date,
            "status": activity.status,
            "budget": activity.budget,
            "currency": activity.currency,
            "recommendations": [r.pk for r in activity.recommendations.all()],
            "plan_items": [i.pk for i in activity.plan_items.all()],
        }


class LinkForm(ChoicesForm):
    """Link an existing record (its one field, ``field_name``) to a recommendation: chosen
    among ``choices``, those the user may link to it."""

    field_name: str

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_choices(**{self.field_name: choices})

    def chosen(self):
        return self.cleaned_data[self.field_name]


class LinkActivityForm(LinkForm):
    field_name = "activity"
    activity = forms.ModelChoiceField(
        label=_("Existing activity"),
        queryset=Activity.objects.none(),
        widget=_select(),
        error_messages={"required": _("Choose an activity.")},
    )


class IndicatorForm(VersionedForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = _text(
        _("Indicator"), max_length=500, error_messages={"required": _("Name the indicator.")}
    )
    description = _area(_("Description"), required=False, rows=2)
    unit = _text(_("Unit"), required=False, max_length=60)
    baseline = _measure(_("Baseline"))
    baseline_date = _date(_("Baseline date"), required=False)
    target = _measure(_("Target"))
    target_date = _date(_("Target date"), required=False)
    data_source = _text(_("Data source"), required=False)
    sdg_indicator = SdgIndicatorChoiceField(
        label=_("SDG indicator"),
        queryset=SdgIndicator.objects.all(),
        required=False,
        widget=_select(),
    )
    recommendations = RecommendationChoiceField(
        label=_("Recommendations it measures"),
        queryset=Recommendation.objects.none(),
        required=False,
        widget=_multi_widget(8),
    )

    def __init__(self, *args, recommendations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_choices(recommendations=recommendations)

    @staticmethod
    def initial_for(indicator: Indicator) -> dict:
        fields = [
            "version",
            *(f for f in INDICATOR_FIELDS if f not in ("sdg_indicator", "institution")),
        ]
        initial = {name: getattr(indicator, name) for name in fields}
        initial["sdg_indicator"] = indicator.sdg_indicator_id
        initial["recommendations"] = [r.pk for r in indicator.recommendations.all()]
        return initial


class IndicatorValueForm(forms.Form):
    date = _date(_("Date"), error_messages={"required": _("Give the date of the value.")})
    value = _measure(_("Value"), required=True, error_messages={"required": _("Give the value.")})
    note = _text(_("Note"), required=False, max_length=500)

    def __init__(self, *args, dimensions=None, **kwargs):
        super().__init__(*args, **kwargs)
        # One optional category per active dimension: a value with none is the total;
        # "female" under sex and "15-24" under age group is the value for women aged 15 to 24.
        given = dimensions if dimensions is not None else active_dimensions()
        # A dimension with no category yet offers nothing to choose.
        self.dimensions = [d for d in given if d.categories.all()]
        for dimension in self.dimensions:
            self.fields[f"by_{dimension.code}"] = forms.ChoiceField(
                label=dimension.localized_name or dimension.name,
                required=False,
                choices=[("", "—")]
                + [(c.name, c.localized_name or c.name) for c in dimension.categories.all()],
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    def breakdown_fields(self):
        return [self[f"by_{d.code}"] for d in self.dimensions]

    def plain_fields(self):
        return [self[name] for name in ("date", "value", "note")]

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["disaggregation"] = {d.code: data.pop(f"by_{d.code}", "") for d in self.dimensions}
        return data


class LinkIndicatorForm(LinkForm):
    field_name = "indicator"
    indicator = forms.ModelChoiceField(
        label=_("Existing indicator"),
        queryset=Indicator.objects.none(),
        widget=_select(),
        error_messages={"required": _("Choose an indicator.")},
    )


class EvidenceForm(forms.Form):
    evidence = EvidenceField(required=True, error_messages={"required": _("Choose a file.")})


class CommentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Comment.Kind.choices,
        widget=_select(),
        help_text=_("A handover note is for whoever takes over your seat."),
    )
    body = _area(_("Comment"), rows=3, error_messages={"required": _("Write something first.")})


class RoundForm(forms.Form):
    name = _text(_("Name"), error_messages={"required": _("Give the round a name.")})
    deadline = _date(_("Deadline"), error_messages={"required": _("Give the round a deadline.")})
    clusters = ClusterChoiceField(
        label=_("Clusters"),
        queryset=Cluster.objects.select_related("cluster_set"),
        required=False,
        widget=_multi_widget(),
    )
    bodies = forms.ModelMultipleChoiceField(
        label=_("Bodies"), queryset=Body.objects.all(), required=False, widget=_multi_widget()
    )
    institutions = forms.ModelMultipleChoiceField(
        label=_("Institutions asked"),
        queryset=Institution.objects.filter(is_active=True),
        required=False,
        widget=_multi_widget(),
        help_text=_("None chosen: every institution assigned to the recommendations."),
    )

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline and deadline < timezone.localdate():
            raise forms.ValidationError(_("The deadline is in the past."))
        return deadline


class RemindForm(forms.Form):
    institution = forms.ModelChoiceField(
        queryset=Institution.objects.all(), widget=forms.HiddenInput
    )


class ActionPlanForm(forms.Form):
    title = _text(_("Title"), error_messages={"required": _("Give the plan a title.")})
    period_start = _date(_("From"), required=False)
    period_end = _date(_("To"), required=False)
    description = _area(_("Description"), required=False, rows=3)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return data


class ActionPlanItemForm(PlannedWorkForm):
    """An item of a plan, as the secretariat enters it. The lists of choices come from the
    plan selectors (``recommendations.followup.plans``), as the service's permission does."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    code = _text(_("Number"), required=False, max_length=30)
    title = _text(
        _("Title"), max_length=500, error_messages={"required": _("Give the item a title.")}
    )
    description = _area(_("Description"), required=False, rows=2)
    responsible_institution = forms.ModelChoiceField(
        label=_("Responsible institution"),
        queryset=Institution.objects.none(),
        required=False,
        widget=_select(),
    )
    start_date = _date(_("Start date"), required=False)
    end_date = _date(_("End date"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=ActionPlanItem.ItemStatus.choices,
        initial=ActionPlanItem.ItemStatus.NOT_STARTED,
        required=False,
        widget=_select(),
    )
    budget = _budget()
    currency = _currency()
    clusters = ClusterChoiceField(
        label=_("Clusters"),
        queryset=Cluster.objects.select_related("cluster_set"),
        required=False,
        widget=_multi_widget(4),
    )
    recommendations = RecommendationChoiceField(
        label=_("Recommendations it serves"),
        queryset=Recommendation.objects.none(),
        required=False,
        widget=_multi_widget(6),
    )
    indicators = forms.ModelMultipleChoiceField(
        label=_("Indicators"),
        queryset=Indicator.objects.none(),
        required=False,
        widget=_multi_widget(4),
    )
    is_published = forms.BooleanField(
        label=_("Show on the public plan page"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, institutions=None, recommendations=None, indicators=None, **kw):
        kw.setdefault("auto_id", "item-%s")
        super().__init__(*args, **kw)
        self.limit_choices(
            responsible_institution=institutions,
            recommendations=recommendations,
            indicators=indicators,
        )

    def service_kwargs(self) -> dict:
        data = super().service_kwargs()
        data["status"] = data.get("status") or ActionPlanItem.ItemStatus.NOT_STARTED
        return data

    @staticmethod
    def initial_for(item: ActionPlanItem) -> dict:
        return {
            "version": item.version,
            "code": item.code,
            "title": item.title,
            "description": item.description,
            "responsible_institution": item.responsible_institution_id,
            "start_date": item.start_date,
            "end_date": item.end_date,
            "status": item.status,
            "budget": item.budget,
            "currency": item.currency,
            "is_published": item.is_published,
            "clusters": [c.pk for c in item.clusters.all()],
            "recommendations": [r.pk for r in item.recommendations.all()],
            "indicators": [i.pk for i in item.indicators.all()],
        }


class PlanItemStatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=ActionPlanItem.ItemStatus.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
        error_messages={"invalid_choice": _("Choose a status from the list.")},
    )


class PlanPublishForm(forms.Form):
    published = forms.BooleanField(required=False)


class SheetUploadForm(forms.Form):
    file = CheckedFileField(
        check=SHEET_UPLOAD.check,
        label=_("Filled-in sheet (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
        error_messages={"required": _("Choose the sheet to upload.")},
    )


class ReplyForm(forms.Form):
    body = _area(
        _("Your institution's answer"),
        rows=3,
        max_length=5000,
        error_messages={"required": _("Write the answer first.")},
        help_text=_(
            "Published under it, in your institution's name, once the secretariat has reviewed it."
        ),
    )
