from django import forms
from django.utils.translation import gettext_lazy as _

from mechanisms.models import Institution
from recommendations.models import (
    ActionCategory,
    AffectedGroup,
    Assignment,
    Cluster,
    ClusterSet,
    Priority,
    Response,
    SdgGoal,
    SdgTarget,
    Theme,
)
from recommendations.registry.selectors import institutions_assignable_by

# Multi-selects that static/js/classify.js turns into searchable lists with chips (Tom
# Select); without JavaScript they stay plain multi-selects.
CHIPS = {"data-chips": "1"}
PRIORITY_CHOICES = [("", _("None")), *Priority.choices]
ACTION_CATEGORY_CHOICES = [("", _("None")), *ActionCategory.choices]


def _multi(queryset, label, size=8):
    return forms.ModelMultipleChoiceField(
        queryset=queryset,
        required=False,
        label=label,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": size, **CHIPS}),
    )


class ClusterChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.cluster_set.name}: {obj.name}"


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class SdgGoalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number}. {obj.title}"


class SdgTargetChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.title}"[:120]


class ClassificationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    themes = ThemeChoiceField(
        queryset=Theme.objects.all(),
        required=False,
        label=_("Themes"),
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 10, **CHIPS}),
    )
    groups = _multi(AffectedGroup.objects.all(), _("Affected persons or groups"))
    sdg_targets = SdgTargetChoiceField(
        queryset=SdgTarget.objects.all(),
        required=False,
        label=_("SDG targets"),
        help_text=_("The goals of the chosen targets are added automatically."),
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 10, **CHIPS}),
    )
    sdg_goals = SdgGoalChoiceField(
        queryset=SdgGoal.objects.all(),
        required=False,
        label=_("SDG goals (without a target)"),
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 8, **CHIPS}),
    )
    clusters = ClusterChoiceField(
        queryset=Cluster.objects.select_related("cluster_set"),
        required=False,
        label=_("Clusters"),
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 6, **CHIPS}),
    )
    priority = forms.ChoiceField(
        choices=PRIORITY_CHOICES,
        required=False,
        label=_("Priority"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    action_category = forms.TypedChoiceField(
        choices=ACTION_CATEGORY_CHOICES,
        coerce=int,
        empty_value="",
        required=False,
        label=_("Action category (UPR Info)"),
        help_text=_("How much action the recommendation asks of the State, from 1 to 5."),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    needs_parliament = forms.BooleanField(required=False, label=_("Needs parliament"))
    budget_implications = forms.BooleanField(required=False, label=_("Has budget implications"))
    response_justification = forms.CharField(
        required=False,
        label=_("Justification of the response"),
        help_text=_(
            "Why the State gave its response; for a noted recommendation, the reasons it gave "
            "for noting it. Shown on the public page."
        ),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3, "dir": "auto"}),
    )

    def service_kwargs(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}

    @classmethod
    def initial_for(cls, recommendation) -> dict:
        targets = list(recommendation.sdg_targets.all())
        implied = {t.goal_id for t in targets}
        return {
            "version": recommendation.version,
            "themes": list(recommendation.themes.all()),
            "groups": list(recommendation.groups.all()),
            "sdg_targets": targets,
            "sdg_goals": [g for g in recommendation.sdg_goals.all() if g.pk not in implied],
            "clusters": list(recommendation.clusters.all()),
            "priority": recommendation.priority,
            "action_category": recommendation.action_category or "",
            "needs_parliament": recommendation.needs_parliament,
            "budget_implications": recommendation.budget_implications,
            "response_justification": recommendation.response_justification,
        }


class AssignmentForm(forms.Form):
    """Assign one institution to one recommendation; the institutions offered are those the
    user may assign (the same selector as the permission)."""

    institution = forms.ModelChoiceField(
        queryset=Institution.objects.none(),
        label=_("Institution"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    role = forms.ChoiceField(
        choices=Assignment.Role.choices,
        label=_("Role"),
        initial=Assignment.Role.LEAD,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    note = forms.CharField(
        required=False,
        label=_("Note"),
        help_text=_("What is asked of the institution (optional)."),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("auto_id", "assign_%s")
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions_assignable_by(user)


class BulkActionForm(forms.Form):
    ADD_TO_CLUSTER = "add_to_cluster"
    SET_PRIORITY = "set_priority"
    ASSIGN = "assign"
    PUBLISH = "publish"
    UNPUBLISH = "unpublish"
    # Each action and the permission that offers it: the form never lists what the user
    # may not do, and the services check the same permission again.
    ACTIONS = [
        (ADD_TO_CLUSTER, _("Add to cluster"), "recommendations.classify_recommendation"),
        (SET_PRIORITY, _("Set priority"), "recommendations.classify_recommendation"),
        (ASSIGN, _("Assign an institution"), "recommendations.assign_recommendation"),
        (PUBLISH, _("Publish on the portal"), "recommendations.publish_recommendation"),
        (UNPUBLISH, _("Withdraw from the portal"), "recommendations.publish_recommendation"),
    ]
    SELECTED = "selected"
    FILTERED = "filtered"

    action = forms.ChoiceField(choices=(), label=_("Action"))
    scope = forms.ChoiceField(
        choices=[
            (SELECTED, _("The recommendations ticked on this page")),
            (FILTERED, _("Every recommendation that matches the filters")),
        ],
        initial=SELECTED,
        required=False,
        label=_("Apply to"),
    )
    filters = forms.CharField(required=False, widget=forms.HiddenInput)
    ids = forms.TypedMultipleChoiceField(
        coerce=int, required=False, label=_("Selected recommendations")
    )
    cluster = forms.ModelChoiceField(
        queryset=Cluster.objects.select_related("cluster_set"), required=False, label=_("Cluster")
    )
    priority = forms.ChoiceField(choices=PRIORITY_CHOICES, required=False, label=_("Priority"))
    institution = forms.ModelChoiceField(
        queryset=Institution.objects.none(), required=False, label=_("Institution")
    )
    role = forms.ChoiceField(
        choices=Assignment.Role.choices,
        initial=Assignment.Role.LEAD,
        label=_("Role"),
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [
            (value, label) for value, label, perm in self.ACTIONS if user.has_perm(perm)
        ]
        self.fields["institution"].queryset = institutions_assignable_by(user)
        # Any integer is acceptable here: the view keeps only what the user may see.
        self.fields["ids"].valid_value = lambda value: str(value).isdigit()

    @property
    def offers_actions(self) -> bool:
        return bool(self.fields["action"].choices)

    def offers(self, action: str) -> bool:
        return any(value == action for value, _label in self.fields["action"].choices)

    def clean(self):
        cleaned = super().clean()
        cleaned["scope"] = cleaned.get("scope") or self.SELECTED
        action = cleaned.get("action")
        if action == self.ADD_TO_CLUSTER and not cleaned.get("cluster"):
            self.add_error("cluster", _("Choose a cluster."))
        if action == self.ASSIGN:
            if not cleaned.get("institution"):
                self.add_error("institution", _("Choose an institution."))
            if not cleaned.get("role"):
                self.add_error("role", _("Choose a role."))
        if cleaned.get("scope") == self.SELECTED and not cleaned.get("ids"):
            self.add_error("ids", _("Tick at least one recommendation, or apply to every match."))
        return cleaned


class ClusterSetForm(forms.ModelForm):
    class Meta:
        model = ClusterSet
        fields = ["name", "description"]
        widgets = {
            "name": forms.TextInput(attrs={"class": "form-control"}),
            "description": forms.Textarea(attrs={"class": "form-control", "rows": 2}),
        }


class ClusterForm(forms.Form):
    name = forms.CharField(
        max_length=255, label=_("Name"), widget=forms.TextInput(attrs={"class": "form-control"})
    )


class AssignmentUploadForm(forms.Form):
    """The file only: the service checks its name, size and content
    (``assignment_sheet.ASSIGNMENT_UPLOAD``), for the API and the command alike."""

    file = forms.FileField(
        label=_("Assignment sheet (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.csv"}),
        error_messages={"required": _("Choose the file to upload.")},
    )


class ResponseChangeForm(forms.Form):
    """A change of the State's response after the review (recommendations/registry/responses)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    stage = forms.ChoiceField(
        label=_("Stage"),
        choices=[],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    value = forms.ChoiceField(
        label=_("New response"),
        choices=[("", "—"), *Response.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    label = forms.CharField(
        label=_("Response as worded by the State"),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"class": "form-control", "dir": "auto"}),
    )
    justification = forms.CharField(
        label=_("Justification"),
        help_text=_("The State's reasons for the change, as it gave them."),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 4, "dir": "auto"}),
    )

    def __init__(self, *args, **kwargs):
        from recommendations.registry.responses import CHANGE_STAGES

        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [(s.value, s.label) for s in CHANGE_STAGES]
