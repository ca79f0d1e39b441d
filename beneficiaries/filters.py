import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Client, DisabilityKind, PpksType, Regency, ServiceUnit


class ClientFilter(django_filters.FilterSet):
    """The client list's search box and filters. Applied to an already scoped queryset."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        help_text=_("Name, NIK or registration number"),
    )
    regency = django_filters.ModelChoiceFilter(
        label=_("Regency/city"),
        queryset=Regency.objects.in_province(),
        empty_label=_("All regencies/cities"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Client.Status.choices, empty_label=_("All statuses")
    )
    ppks_type = django_filters.ModelChoiceFilter(
        label=_("PPKS type"),
        field_name="ppks_types",
        queryset=PpksType.objects.all(),
        empty_label=_("All PPKS types"),
    )
    disability_kind = django_filters.ModelChoiceFilter(
        label=_("Disability kind"),
        method="filter_disability_kind",
        queryset=DisabilityKind.objects.all(),
        empty_label=_("All disability kinds"),
    )
    service_unit = django_filters.ModelChoiceFilter(
        label=_("Service unit"),
        queryset=ServiceUnit.objects.all(),
        empty_label=_("All service units"),
    )

    class Meta:
        model = Client
        fields = ["q", "regency", "status", "ppks_type", "disability_kind", "service_unit"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_disability_kind(self, queryset, name, value):
        # A subquery, not a join: a client with two disabilities of one kind is one row.
        return queryset.filter(
            pk__in=Client.disabilities.through.objects.filter(disabilitytype__kind=value).values(
                "client_id"
            )
        )
