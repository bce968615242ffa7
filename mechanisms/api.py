"""Institutions over the API (/api/v1/institutions/): public, read-only.

Focal point seats and who holds them are personal data and are not exposed here.
"""

import django_filters
from django.db.models import Q
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.routers import SimpleRouter

from mechanisms.models import Institution
from mechanisms.selectors import institution_list
from nrtd.api import ApiMixin


class InstitutionSerializer(serializers.ModelSerializer):
    parent = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Institution
        fields = ["id", "name", "name_translations", "acronym", "kind", "parent", "is_active"]


class InstitutionFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(method="filter_search", label="Name or acronym contains")
    kind = django_filters.ChoiceFilter(choices=Institution.Kind.choices)

    class Meta:
        model = Institution
        fields = ["search", "kind"]

    def filter_search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(name__icontains=value) | Q(acronym__icontains=value))


class InstitutionViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    """Institutions that lead or support recommendations. Inactive ones are listed for the
    government side only."""

    serializer_class = InstitutionSerializer
    filterset_class = InstitutionFilter
    # Read only and public (mechanisms.view_institution): the selector limits what is listed.
    permission_classes = [AllowAny]

    def get_queryset(self):
        return institution_list(user=self.request.user).order_by("name", "pk")


router = SimpleRouter()
router.register("institutions", InstitutionViewSet, basename="institutions")
urlpatterns = router.urls
