from django import forms
from django.utils.translation import gettext_lazy as _

from recommendations.models import (
    AffectedGroup,
    Cluster,
    ClusterSet,
    Priority,
    SdgGoal,
    SdgTarget,
    Theme,
)

PRIORITY_CHOICES = [("", _("None")), *Priority.choices]


def _multi(queryset, label, size=8):
    return forms.ModelMultipleChoiceField(
        queryset=queryset,
        required=False,
        label=label,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": size}),
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
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 10}),
    )
    groups = _multi(AffectedGroup.objects.all(), _("Affected persons or groups"))
    sdg_targets = SdgTargetChoiceField(
        queryset=SdgTarget.objects.all(),
        required=False,
        label=_("SDG targets"),
        help_text=_("The goals of the chosen targets are added automatically."),
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 10}),
    )
    sdg_goals = SdgGoalChoiceField(
        queryset=SdgGoal.objects.all(),
        required=False,
        label=_("SDG goals (without a target)"),
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 8}),
    )
    clusters = ClusterChoiceField(
        queryset=Cluster.objects.select_related("cluster_set"),
        required=False,
        label=_("Clusters"),
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 6}),
    )
    priority = forms.ChoiceField(
        choices=PRIORITY_CHOICES,
        required=False,
        label=_("Priority"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    needs_parliament = forms.BooleanField(required=False, label=_("Needs parliament"))
    budget_implications = forms.BooleanField(required=False, label=_("Has budget implications"))

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
            "needs_parliament": recommendation.needs_parliament,
            "budget_implications": recommendation.budget_implications,
        }


class BulkActionForm(forms.Form):
    ADD_TO_CLUSTER = "add_to_cluster"
    SET_PRIORITY = "set_priority"
    ACTIONS = [(ADD_TO_CLUSTER, _("Add to cluster")), (SET_PRIORITY, _("Set priority"))]

    action = forms.ChoiceField(choices=ACTIONS, label=_("Action"))
    ids = forms.TypedMultipleChoiceField(coerce=int, label=_("Selected recommendations"))
    cluster = forms.ModelChoiceField(
        queryset=Cluster.objects.select_related("cluster_set"), required=False, label=_("Cluster")
    )
    priority = forms.ChoiceField(choices=PRIORITY_CHOICES, required=False, label=_("Priority"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any integer is acceptable here: the view keeps only what the user may see.
        self.fields["ids"].valid_value = lambda value: str(value).isdigit()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == self.ADD_TO_CLUSTER and not cleaned.get("cluster"):
            self.add_error("cluster", _("Choose a cluster."))
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
