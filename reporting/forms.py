"""Forms of the reporting screens. They validate input; the services do the writing."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from mechanisms.models import Institution, Stakeholder
from recommendations.models import ActionPlan, Body, Cluster, ClusterSet, Mechanism, Review
from reporting.models import (
    DRAFT_KINDS,
    ConsultationComment,
    ConsultationEvent,
    Deadline,
    OutputFormat,
    ReportDraft,
    ReportKind,
)
from reporting.selectors.themes import theme_choices


class BootstrapMixin:
    """Bootstrap classes on every widget, so templates can render ``{{ form }}``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ReportRunForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)
    formats = forms.MultipleChoiceField(
        label=_("Formats"),
        choices=OutputFormat.choices,
        initial=[OutputFormat.DOCX, OutputFormat.PDF],
        # Refused when empty by the service, which the API calls too (one rule, two doors).
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Reports come as Word and PDF; the matrix as Excel."),
    )
    review = forms.ModelChoiceField(
        label=_("Review"),
        queryset=Review.objects.select_related("state_under_review", "body"),
        required=False,
        help_text=_(
            "A follow-up reply or a periodic report to a treaty body answers one of its "
            "reviews (concluding observations)."
        ),
    )
    body = forms.ModelChoiceField(
        label=_("Body"),
        queryset=Body.objects.filter(is_active=True),
        required=False,
        help_text=_("Only this body's recommendations (a CEDAW-only report, for example)."),
    )
    cycle = forms.IntegerField(label=_("UPR cycle"), min_value=1, max_value=9, required=False)
    mechanisms = forms.MultipleChoiceField(
        label=_("Mechanisms"),
        choices=Mechanism.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cluster_set = forms.ModelChoiceField(
        label=_("Cluster set"), queryset=ClusterSet.objects.all(), required=False
    )
    clusters = forms.ModelMultipleChoiceField(
        label=_("Clusters"),
        queryset=Cluster.objects.select_related("cluster_set"),
        required=False,
    )
    institutions = forms.ModelMultipleChoiceField(
        label=_("Institutions"),
        queryset=Institution.objects.filter(is_active=True),
        required=False,
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    include_noted = forms.BooleanField(
        label=_("Include noted recommendations"), required=False, initial=True
    )
    draft = forms.ModelChoiceField(
        label=_("Draft with the narrative sections (national, periodic or mid-term report)"),
        queryset=ReportDraft.objects.all(),
        required=False,
    )
    include_consultation_annex = forms.BooleanField(
        label=_("Add the consultation summary as an annex"), required=False
    )
    # Required by the service for the annual plan report (one rule for the form and the API).
    plan = forms.ModelChoiceField(
        label=_("National action plan (annual plan report)"),
        queryset=ActionPlan.objects.all(),
        required=False,
        help_text=_(
            "The annual reports cover one year: give its first and last day above, or leave "
            "them empty for the last full calendar year."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
    )


class DraftForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ReportDraft
        fields = ["title", "kind", "review"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the reports written around narrative sections have drafts.
        self.fields["kind"].choices = [(k.value, k.label) for k in DRAFT_KINDS]
        self.fields["review"].help_text = _(
            "A periodic report to a treaty body answers one of its reviews."
        )


class SectionForm(BootstrapMixin, forms.Form):
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_("Separate paragraphs with an empty line."),
    )
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class ConsultationForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    deadline = forms.DateField(label=_("Deadline for comments"), widget=DateInput())
    institutions = forms.ModelMultipleChoiceField(
        label=_("Institutions"),
        queryset=Institution.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    stakeholders = forms.ModelMultipleChoiceField(
        label=_("NHRI, civil society and UN agencies"),
        queryset=Stakeholder.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    message = forms.CharField(
        label=_("Message to recipients"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    is_public = forms.BooleanField(
        label=_("Open for public comment on the portal until the deadline"), required=False
    )
    public_sections = forms.MultipleChoiceField(
        label=_("Sections the public may read and comment on"),
        choices=ReportDraft.Section.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisations_only = forms.BooleanField(
        label=_("Registered civil society organisations and the NHRI only"), required=False
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Also invite every civil society organisation following these themes"),
        queryset=theme_choices(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Registered, verified organisations that follow one of the UHRI themes."),
    )

    def __init__(self, *args, sections=None, **kwargs):
        """``sections``: the draft's own sections, the only ones that can be opened."""
        super().__init__(*args, **kwargs)
        if sections is not None:
            self.fields["public_sections"].choices = [(s.value, s.label) for s in sections]


class CommentForm(BootstrapMixin, forms.Form):
    section = forms.ChoiceField(label=_("Section"), choices=ConsultationComment.SECTION_CHOICES)
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, sections=None, **kwargs):
        """``sections``: (key, label) of the draft's own sections (a periodic report has
        other ones)."""
        super().__init__(*args, **kwargs)
        if sections is not None:
            general = ConsultationComment.SECTION_CHOICES[0]
            self.fields["section"].choices = [general, *sections]


class ResolveForm(BootstrapMixin, forms.Form):
    resolution = forms.ChoiceField(
        label=_("Resolution"), choices=ConsultationComment.Resolution.choices
    )
    reply = forms.CharField(
        label=_("Reply"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DeadlineForm(BootstrapMixin, forms.ModelForm):
    body = forms.ModelChoiceField(
        label=_("Body"), queryset=Body.objects.filter(is_active=True), required=False
    )

    class Meta:
        model = Deadline
        fields = [
            "kind",
            "mechanism",
            "body",
            "title",
            "period",
            "due_date",
            "submitted_on",
            "notes",
        ]
        widgets = {
            "due_date": DateInput(),
            "submitted_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class PublicCommentForm(forms.Form):
    """A comment from the portal. The e-mail address lets the secretariat answer; it is
    never shown."""

    section = forms.ChoiceField(label=_("Section"), choices=())
    name = forms.CharField(label=_("Your name"), max_length=200)
    organisation = forms.CharField(
        label=_("Organisation (optional)"), max_length=255, required=False
    )
    email = forms.EmailField(
        label=_("E-mail address"), help_text=_("Never shown; the secretariat may write to you.")
    )
    body = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )

    def __init__(self, *args, sections=(), **kwargs):
        """``sections``: (key, label) of the sections open to the public."""
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = list(sections)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class PlanConsultationForm(BootstrapMixin, forms.Form):
    """Open a national action plan for public comment: the plan as a whole and the chosen
    items."""

    title = forms.CharField(label=_("Title"), max_length=255)
    deadline = forms.DateField(label=_("Deadline for comments"), widget=DateInput())
    public_sections = forms.MultipleChoiceField(
        label=_("Sections the public may read and comment on"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisations_only = forms.BooleanField(
        label=_("Registered civil society organisations and the NHRI only"), required=False
    )

    def __init__(self, *args, sections=(), **kwargs):
        """``sections``: (key, label) of the plan's sections (plan_sections)."""
        super().__init__(*args, **kwargs)
        self.fields["public_sections"].choices = list(sections)


class PublicReplyForm(BootstrapMixin, forms.Form):
    reply = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 2}))


class ConsultationEventForm(BootstrapMixin, forms.ModelForm):
    """The event's fields; the lists of drafts, plans and organisations come from
    ``reporting.selectors.events.event_choices``, like the service's check."""

    class Meta:
        model = ConsultationEvent
        fields = [
            "title",
            "kind",
            "date",
            "format",
            "place",
            "participants",
            "organisations",
            "other_organisations",
            "outcomes",
            "draft",
            "plan",
        ]
        widgets = {
            "date": DateInput(),
            "organisations": forms.CheckboxSelectMultiple,
            "other_organisations": forms.Textarea(attrs={"rows": 3}),
            "outcomes": forms.Textarea(attrs={"rows": 5}),
        }

    # The version the user started from (nrtd/concurrency.py).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
        self.fields["draft"].queryset = choices["drafts"]
        self.fields["plan"].queryset = choices["plans"]
        self.fields["organisations"].queryset = choices["organisations"]


class FollowedThemesForm(BootstrapMixin, forms.Form):
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes the organisation follows"),
        queryset=theme_choices(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ReportSettingsForm(BootstrapMixin, forms.Form):
    issued_by = forms.CharField(
        label=_("Issued by"),
        max_length=255,
        required=False,
        help_text=_("The ministry or mechanism that issues the reports, printed on the cover."),
    )
    emblem = forms.FileField(
        label=_("Emblem"),
        required=False,
        # A hint to the browser; the service judges the file by its content.
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_emblem = forms.BooleanField(label=_("Remove the emblem"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["emblem"].help_text = _(
            "PNG or JPEG, up to %(kb)s KB; printed at the head of every report's cover."
        ) % {"kb": settings.NRTD_EMBLEM_MAX_BYTES // 1024}
