"""Forms of the review screens. They validate input; the services in ``services`` write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from recommendations.models import Body, Mechanism, Recommendation, Response, Review, State

_DATE = {"type": "date", "class": "form-control"}


def _date(label, help_text=""):
    return forms.DateField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"),
    )


def _text(label, required=False, max_length=80, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


def _select():
    return forms.Select(attrs={"class": "form-select"})


class BodyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} — {obj.name}"


class ReviewForm(forms.Form):
    """One form for every mechanism; the fields of the other mechanisms are left empty (the
    service clears them). Grouped on the page by ``GROUPS``."""

    mechanism = forms.ChoiceField(label=_("Mechanism"), choices=Mechanism.choices, widget=_select())
    state_under_review = forms.ModelChoiceField(
        label=_("State under review"), queryset=State.objects.all(), widget=_select()
    )
    body = BodyChoiceField(
        label=_("Body or mandate"),
        queryset=Body.objects.filter(is_active=True),
        required=False,
        widget=_select(),
        help_text=_("The treaty body, the special procedure's mandate or the regional body."),
    )
    date = _date(_("Adoption date of the document"))
    document_symbol = _text(
        _("Document symbol"),
        help_text=_("e.g. CEDAW/C/SVN/CO/7, A/HRC/52/5 or A/HRC/55/40/Add.1"),
    )
    title = _text(_("Title"), max_length=255)
    cycle = forms.IntegerField(
        label=_("UPR cycle"),
        required=False,
        min_value=1,
        max_value=20,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
        help_text=_("Left empty: found from the session."),
    )
    session = forms.IntegerField(
        label=_("UPR Working Group session"),
        required=False,
        min_value=1,
        max_value=999,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    addendum_symbol = _text(_("Addendum (the State's responses)"))
    state_report_symbol = _text(_("State report considered"))
    followup_due = _date(
        _("Follow-up reply due"), _("Usually one or two years after the adoption.")
    )
    next_report_due = _date(_("Next periodic report due"))
    visit_start = _date(_("Visit from"))
    visit_end = _date(_("Visit until"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    GROUPS = (
        (None, ("mechanism", "state_under_review", "body", "date", "document_symbol", "title")),
        (Mechanism.UPR.label, ("cycle", "session", "addendum_symbol")),
        (
            Mechanism.TREATY_BODY.label,
            ("state_report_symbol", "followup_due", "next_report_due"),
        ),
        (Mechanism.SPECIAL_PROCEDURE.label, ("visit_start", "visit_end")),
    )

    def groups(self):
        return [(label, [self[name] for name in names]) for label, names in self.GROUPS]

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        for name in ("document_symbol", "addendum_symbol", "state_report_symbol", "title"):
            data[name] = (data.get(name) or "").strip()
        return data

    @staticmethod
    def initial_for(review: Review) -> dict:
        names = [n for n in ReviewForm.base_fields if n != "version"]
        return {**{n: getattr(review, n) for n in names}, "version": review.version}


class PasteForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the document"),
        max_length=2_000_000,
        strip=False,
        widget=forms.Textarea(attrs={"class": "form-control font-monospace", "rows": 16}),
        help_text=_(
            "Paste the concluding observations or the report's recommendations, from the "
            "PDF or the Word file. Numbered paragraphs and (a), (b)… sub-paragraphs are "
            "found; page headers and page numbers are left out."
        ),
    )


class SplitItemForm(forms.Form):
    RECOMMENDATION = "recommendation"
    FOLLOWUP = "followup"
    NOT = "not"
    DECISIONS = (
        (RECOMMENDATION, _("Recommendation")),
        (FOLLOWUP, _("Recommendation, follow-up item")),
        (NOT, _("Not a recommendation")),
    )

    paragraph = forms.CharField(
        label=_("Paragraph"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"class": "form-control form-control-sm", "rows": 3}),
    )
    decision = forms.ChoiceField(
        label=_("Keep as"),
        choices=DECISIONS,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    kind = forms.CharField(required=False, widget=forms.HiddenInput)
    heading = forms.CharField(required=False, widget=forms.HiddenInput)

    @classmethod
    def initial_from(cls, item: dict) -> dict:
        if item["followup"] and item["is_recommendation"]:
            decision = cls.FOLLOWUP
        elif item["is_recommendation"]:
            decision = cls.RECOMMENDATION
        else:
            decision = cls.NOT
        return {
            "paragraph": item["paragraph"],
            "text": item["text"],
            "decision": decision,
            "kind": item["kind"],
            "heading": item["heading"],
        }


SplitItemFormSet = forms.formset_factory(SplitItemForm, extra=0, max_num=2000, absolute_max=2000)


class SplitDatesForm(forms.Form):
    followup_due = _date(_("Follow-up reply due"))
    next_report_due = _date(_("Next periodic report due"))
    is_published = forms.BooleanField(
        label=_("Publish on the portal"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class ReviewChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class RecommendationForm(forms.Form):
    """A recommendation entered or corrected by hand."""

    review = ReviewChoiceField(
        label=_("Review"),
        queryset=Review.objects.select_related("state_under_review", "body"),
        widget=_select(),
    )
    paragraph = _text(_("Paragraph"), max_length=30, help_text=_("e.g. 20 (a) or 140.12"))
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"class": "form-control", "rows": 6})
    )
    body = BodyChoiceField(
        label=_("Body"),
        queryset=Body.objects.all(),
        required=False,
        widget=_select(),
        help_text=_("Left empty: the review's body."),
    )
    response = forms.ChoiceField(
        label=_("Response"),
        choices=[("", "—"), *Response.choices],
        required=False,
        widget=_select(),
    )
    response_label = _text(_("Response as worded by the State"), max_length=120)
    response_justification = forms.CharField(
        label=_("Justification of the response"),
        required=False,
        help_text=_("Why the State gave its response; for a noted one, why it noted it."),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3, "dir": "auto"}),
    )
    is_followup_item = forms.BooleanField(
        label=_("Selected for follow-up"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        if data.get("body") is None:
            data["body"] = data["review"].body
        if data["body"] is None:  # an older UPR review: the service finds the body
            del data["body"]
        return data

    @staticmethod
    def initial_for(recommendation: Recommendation) -> dict:
        names = [n for n in RecommendationForm.base_fields if n != "version"]
        return {
            **{n: getattr(recommendation, n) for n in names},
            "version": recommendation.version,
        }
