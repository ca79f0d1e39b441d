"""Reads of the registry that are more than a filter."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from .models import (
    CaseNote,
    Client,
    DisabilityType,
    District,
    normalize_name,
    user_sees_whole_province,
)


def client_get_for_user(user: AbstractBaseUser, pk) -> Client:
    """Fetch and authorise in one step: a client outside the user's scope is a 404."""
    return get_object_or_404(Client.objects.visible_to(user), pk=pk)


def client_get_for_change(user: AbstractBaseUser, pk) -> Client:
    """A client the user may write to: visible and not archived (an archived one is a 404)."""
    return get_object_or_404(Client.objects.visible_to(user).active(), pk=pk)


def client_list(user: AbstractBaseUser):
    """The client list's queryset: visible clients with what a row shows, in fixed queries.

    Archived clients are left out: they stay on record (and in history), not in lists."""
    return (
        Client.objects.visible_to(user)
        .active()
        .select_related("regency", "service_unit")
        .prefetch_related("ppks_types")
        .only(
            "id",
            "registration_number",
            "nik",
            "name",
            "sex",
            "birth_date",
            "status",
            "regency__name",
            "service_unit__name",
        )
    )


def client_list_is_whole_registry(user: AbstractBaseUser, client_filter) -> bool:
    """Whether the list shows every active client: no search or filter, and a user who
    sees the whole province (the paginator may then estimate the count)."""
    if not user_sees_whole_province(user) or not client_filter.form.is_valid():
        return False
    return not any(client_filter.form.cleaned_data.values())


def client_detail(user: AbstractBaseUser, pk) -> Client:
    """A visible client with everything the detail page shows, in a fixed number of queries."""
    queryset = (
        Client.objects.visible_to(user)
        .select_related(
            "regency",
            "district",
            "village",
            "service_unit",
            "created_by",
            "updated_by",
            "archived_by",
        )
        .prefetch_related(
            "ppks_types",
            "assistive_devices",
            Prefetch("disabilities", queryset=DisabilityType.objects.select_related("kind")),
            Prefetch("case_notes", queryset=CaseNote.objects.select_related("author")),
            "status_changes",
        )
    )
    return get_object_or_404(queryset, pk=pk)


def client_possible_duplicates(
    *, user: AbstractBaseUser, name: str, birth_date, exclude_pk=None
) -> list[Client]:
    """The user's visible clients with the same normalised name and birth date (a
    warning, not a refusal). Matches outside the user's area are neither shown nor
    counted: either would tell that such a person exists there."""
    if not name or birth_date is None:
        return []
    matches = Client.objects.visible_to(user).filter(
        name_normalized=normalize_name(name), birth_date=birth_date
    )
    if exclude_pk is not None:
        matches = matches.exclude(pk=exclude_pk)
    return list(matches.select_related("regency"))


def client_with_nik(nik: str, *, exclude_pk=None) -> Client | None:
    matches = Client.objects.filter(nik=nik)
    if exclude_pk is not None:
        matches = matches.exclude(pk=exclude_pk)
    return matches.first()


def district_exists(code: str) -> bool:
    return District.objects.filter(code=code).exists()


def scope_counts(user: AbstractBaseUser) -> dict:
    """The home page's figures for what the user may see, in one query."""
    return Client.objects.visible_to(user).aggregate(
        # distinct: the disability join repeats a client once per disability.
        total=Count("id", distinct=True),
        in_upt=Count("id", filter=Q(status=Client.Status.CLIENT), distinct=True),
        in_community=Count("id", filter=Q(status=Client.Status.FORMER_CLIENT), distinct=True),
        with_disability=Count("id", filter=Q(disabilities__isnull=False), distinct=True),
    )
