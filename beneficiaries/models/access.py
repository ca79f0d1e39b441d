"""Who may see which clients, and the log of who opened whose record."""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Aggregate, CharField, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .regions import Regency
from .units import ServiceUnit

# What a user is told when what she typed matches a person outside her area: that the
# person exists somewhere (a NIK is unique, so a second registration must be refused),
# and who can move the record; never a number, a name, a regency or a count. Said by the
# client form and the import alike.
REGISTERED_ELSEWHERE_NIK = _(
    "A person with this NIK is already registered in another area. Ask a manager or an "
    "admin to transfer the record."
)
REGISTERED_ELSEWHERE_PERSON = _(
    "A person with the same name, date of birth and village is already registered in "
    "another area. Ask a manager or an admin to transfer the record."
)


class JoinedValues(Aggregate):
    """A column's values joined with commas, as one string (string_agg / group_concat)."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = CharField()

    def __init__(self, expression, **extra):
        super().__init__(Cast(expression, CharField()), **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra)


class StaffScopeQuerySet(models.QuerySet):
    def with_area(self):
        """Each scope with the codes of its regencies and the ids of its service units
        (`area_regencies`, `area_service_units`), in the same query."""
        through = {
            "regencies": (StaffScope.regencies.through, "regency_id"),
            "service_units": (StaffScope.service_units.through, "serviceunit_id"),
        }
        joined = {
            f"_area_{name}": Subquery(
                model.objects.filter(staffscope=OuterRef("pk"))
                .order_by()
                .values("staffscope")
                .annotate(values=JoinedValues(column))
                .values("values")
            )
            for name, (model, column) in through.items()
        }
        return self.annotate(**joined)


class StaffScope(models.Model):
    """The part of the province a staff user works in.

    Province-wide, or a set of regencies and/or service units. A user without a scope sees
    no client at all: access is granted, never assumed.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_scope",
        verbose_name=_("user"),
    )
    province_wide = models.BooleanField(_("province-wide"), default=False)
    regencies = models.ManyToManyField(
        Regency, blank=True, related_name="staff_scopes", verbose_name=_("regencies/cities")
    )
    service_units = models.ManyToManyField(
        ServiceUnit, blank=True, related_name="staff_scopes", verbose_name=_("service units")
    )

    history = HistoricalRecords(m2m_fields=[regencies, service_units])

    objects = StaffScopeQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff scope")
        verbose_name_plural = _("staff scopes")

    def __str__(self):
        return str(self.user)

    @property
    def has_area(self) -> bool:
        return hasattr(self, "_area_regencies")

    @property
    def area_regencies(self) -> list[str]:
        """Codes of the scope's regencies (a scope from `with_area()` only)."""
        return self._area_regencies.split(",") if self._area_regencies else []

    @property
    def area_service_units(self) -> list[int]:
        """Ids of the scope's service units (a scope from `with_area()` only)."""
        units = self._area_service_units
        return [int(pk) for pk in units.split(",")] if units else []


def staff_scope_with_area(user) -> StaffScope | None:
    """The user's scope with its regencies and service units, read in one query and kept
    on the user object for the rest of the request (`user.staff_scope` then costs nothing).

    Visibility filters on these as plain lists of values, so that PostgreSQL can use an
    index: `regency IN (subquery) OR service unit IN (subquery)` can only be answered by
    reading every client. A change to the scope applies from the next request (a new user
    object) on.
    """
    accessor = user._meta.get_field("staff_scope")
    if accessor.is_cached(user):
        cached = accessor.get_cached_value(user)
        if cached is None or cached.has_area:
            return cached
    scope = StaffScope.objects.with_area().filter(user=user).first()
    if scope is not None:
        scope.user = user
    accessor.set_cached_value(user, scope)
    return scope


@dataclass(frozen=True)
class Area:
    """Whom a user may see, the one scope rule: everyone, or the clients who live in one of
    `regencies` or are served by one of `service_units`. `user_area()` decides it; the
    client querysets (`visible_to`), the forms and the import all ask it."""

    everyone: bool = False
    regencies: tuple[str, ...] = ()
    service_units: tuple[int, ...] = ()

    @property
    def nobody(self) -> bool:
        return not (self.everyone or self.regencies or self.service_units)

    def covers(self, *, regency_id, service_unit_id) -> bool:
        """Whether a client living in `regency_id` or served by `service_unit_id` is inside
        (for a record not saved yet, or a row of an import)."""
        return (
            self.everyone
            or regency_id in self.regencies
            or (service_unit_id is not None and service_unit_id in self.service_units)
        )

    def client_q(self, prefix: str = "") -> Q:
        """The same rule as a filter on clients (`prefix`: the path to the client), for an
        area that is neither everyone nor nobody. Lists of values, not subqueries: an index
        answers them (see staff_scope_with_area)."""
        area = Q()
        if self.regencies:
            area |= Q(**{f"{prefix}regency_id__in": list(self.regencies)})
        if self.service_units:
            area |= Q(**{f"{prefix}service_unit_id__in": list(self.service_units)})
        return area


EVERYONE = Area(everyone=True)
NOBODY = Area()


def user_area(user) -> Area:
    """What `user` may see: nobody when logged out, inactive or without a scope; everyone
    for a superuser or a province-wide scope; otherwise the scope's regencies and units."""
    if not user.is_authenticated or not user.is_active:
        return NOBODY
    if user.is_superuser:
        return EVERYONE
    scope = staff_scope_with_area(user)
    if scope is None:
        return NOBODY
    if scope.province_wide:
        return EVERYONE
    return Area(
        regencies=tuple(scope.area_regencies), service_units=tuple(scope.area_service_units)
    )


def user_sees_whole_province(user) -> bool:
    """Whether `Client.objects.visible_to(user)` is every client."""
    return user_area(user).everyone


def user_scope_covers(user, *, regency_id, service_unit_id) -> bool:
    return user_area(user).covers(regency_id=regency_id, service_unit_id=service_unit_id)


class RecordAccess(models.Model):
    """One look at personal data: a client's full record, a photo or document, an export,
    or a lookup (a NIK or person typed in a form or an import file that matched a client
    outside the user's area). Who, what, when, from where.

    Written by the views that show personal data, and by the client form and the import
    for lookups; read in admin, never edited.
    """

    class Action(models.TextChoices):
        VIEW_CLIENT = "view_client", _("Opened client record")
        VIEW_PHOTO = "view_photo", _("Opened client photo")
        VIEW_DOCUMENT = "view_document", _("Opened a hand-over document or visit photo")
        VIEW_GRIEVANCE = "view_grievance", _("Opened a grievance")
        EXPORT = "export", _("Downloaded an export")
        # The user is told only that the person is registered elsewhere; the row lets the
        # office see who typed whose NIK.
        LOOKUP = "lookup", _("Typed the NIK or details of a person registered elsewhere")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="record_accesses",
        verbose_name=_("user"),
    )
    client = models.ForeignKey(
        "beneficiaries.Client",
        on_delete=models.CASCADE,
        related_name="accesses",
        null=True,
        blank=True,
        verbose_name=_("client"),
        help_text=_("Empty for an export, which is about many people."),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    detail = models.CharField(_("detail"), max_length=255, blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("record access")
        verbose_name_plural = _("record accesses")

    def __str__(self):
        return f"{self.user} {self.get_action_display()} {self.client_id} {self.at:%Y-%m-%d %H:%M}"
