import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.records import ArchivableQuerySet, ArchivableRecord, VersionedRecord
from core.storage import private_storage

from ..nik import validate_nik_format
from .access import user_area
from .reference import AssistiveDevice, DisabilityType, PpksType
from .regions import District, Regency, Village
from .units import ServiceUnit

# The length of Client.name_normalized (and of Client.name).
NAME_LENGTH = 150


def normalize_name(name: str) -> str:
    """Lower case, letters and digits only, single spaces: for search and duplicate checks.

    Cut to NAME_LENGTH: case folding can make a name longer ("ß" is "ss"), and PostgreSQL
    refuses a value longer than its column.
    """
    return " ".join(re.sub(r"[^\w\s]", " ", name.casefold()).split())[:NAME_LENGTH]


def client_photo_path(instance, filename):
    # Server-generated name: nothing of the uploaded name (or its extension) is kept.
    return f"clients/photos/{uuid.uuid4().hex}.jpg"


class ClientQuerySet(ArchivableQuerySet):
    def visible_to(self, user):
        """The clients `user` may see. Every client lookup in the app starts here."""
        area = user_area(user)  # the scope rule (beneficiaries/models/access.py)
        if area.everyone:
            return self
        if area.nobody:
            return self.none()
        return self.filter(area.client_q())

    def search(self, text: str):
        """Registration number, NIK (whole or its start) or a fragment of the name."""
        text = text.strip()
        if not text:
            return self
        compact = re.sub(r"[\s.]", "", text)
        if compact.isdigit() and len(compact) >= 6:
            return self.filter(nik__startswith=compact)
        if re.fullmatch(r"\d{2}-\d{4}-\d+", text):
            return self.filter(registration_number=text)
        return self.filter(name_normalized__contains=normalize_name(text))


class Client(VersionedRecord, ArchivableRecord):
    """One person registered for social services (a PPKS)."""

    class Sex(models.TextChoices):
        MALE = "L", _("Male")
        FEMALE = "P", _("Female")

    class Status(models.TextChoices):
        CLIENT = "klien", _("Client (in a UPT)")
        FORMER_CLIENT = "eks_klien", _("Former client (in the community)")
        MOVED = "pindah", _("Moved away")
        DECEASED = "meninggal", _("Deceased")

    registration_number = models.CharField(
        _("registration number"), max_length=20, unique=True, editable=False
    )
    nik = models.CharField(
        _("NIK"),
        max_length=16,
        blank=True,
        validators=[validate_nik_format],
        help_text=_("16-digit population identity number. Leave empty if the person has none."),
    )
    kk_number = models.CharField(
        _("family card (KK) number"),
        max_length=16,
        blank=True,
        validators=[validate_nik_format],
    )
    name = models.CharField(_("full name"), max_length=150)
    name_normalized = models.CharField(max_length=150, editable=False, db_index=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_place = models.CharField(_("place of birth"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    address = models.CharField(_("street address"), max_length=255, blank=True)
    # The region keys are indexed in Meta.indexes: as foreign keys to text codes they would
    # each get a second, pattern-matching index that nothing uses and every insert pays.
    regency = models.ForeignKey(
        Regency,
        on_delete=models.PROTECT,
        related_name="clients",
        verbose_name=_("regency/city"),
        db_index=False,
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="clients",
        null=True,
        blank=True,
        verbose_name=_("district"),
        db_index=False,
    )
    village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        related_name="clients",
        null=True,
        blank=True,
        verbose_name=_("village"),
        db_index=False,
    )
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    photo = models.ImageField(
        _("photo"), upload_to=client_photo_path, storage=private_storage, blank=True
    )
    ppks_types = models.ManyToManyField(
        PpksType, blank=True, related_name="clients", verbose_name=_("PPKS types")
    )
    disabilities = models.ManyToManyField(
        DisabilityType, blank=True, related_name="clients", verbose_name=_("disabilities")
    )
    assistive_devices = models.ManyToManyField(
        AssistiveDevice, blank=True, related_name="clients", verbose_name=_("assistive devices")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.FORMER_CLIENT
    )
    service_unit = models.ForeignKey(
        ServiceUnit,
        on_delete=models.PROTECT,
        related_name="clients",
        null=True,
        blank=True,
        verbose_name=_("current service unit"),
    )
    consent_given = models.BooleanField(
        _("consent to data processing given"),
        default=False,
        help_text=_("The person (or their guardian) agreed to have their data recorded."),
    )
    consent_date = models.DateField(_("date of consent"), null=True, blank=True)
    consent_note = models.CharField(
        _("consent note"),
        max_length=255,
        blank=True,
        help_text=_("Who gave consent and how, e.g. signed form, guardian on behalf."),
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("registered by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("updated by"),
        db_index=False,  # nothing looks clients up by who last changed them
    )

    # What the change history names a client by (see beneficiaries/history.py).
    HISTORY_LABEL_FIELD = "name"

    objects = ClientQuerySet.as_manager()
    history = HistoricalRecords(
        m2m_fields=[ppks_types, disabilities, assistive_devices],
        excluded_fields=["name_normalized", "updated_at"],
        # History is read one client at a time (by id); indexes on its other keys only
        # slow every write down, the import's most (a history row per client).
        no_db_index=[
            "registration_number",
            "regency",
            "district",
            "village",
            "service_unit",
            "created_by",
            "updated_by",
            "archived_by",
        ],
    )

    class Meta:
        ordering = ["name_normalized", "id"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        permissions = [
            ("archive_client", _("Can archive a client")),
            ("view_client_history", _("Can see the change history of a client")),
            ("download_subject_access", _("Can download everything held about a client")),
            ("export_full_nik", _("Can export client lists with full NIKs")),
        ]
        constraints = [
            # The homeless often have no NIK; when there is one, it is one person's.
            models.UniqueConstraint(
                fields=["nik"], condition=~Q(nik=""), name="client_nik_unique_when_present"
            ),
        ]
        indexes = [
            # The client list: the clients of a regency (or all of them) in name order,
            # archived ones left out; also counts them without reading the table.
            models.Index(
                fields=["regency", "name_normalized", "id"],
                condition=Q(archived_at__isnull=True),
                name="client_active_regency_name_idx",
            ),
            models.Index(
                fields=["name_normalized", "id"],
                condition=Q(archived_at__isnull=True),
                name="client_active_name_idx",
            ),
            # The archived few, e.g. to leave them out of a count of the province's
            # worklist without joining every active client (programs/follow_up/worklist.py).
            models.Index(
                fields=["id"],
                condition=Q(archived_at__isnull=False),
                name="client_archived_idx",
            ),
            models.Index(fields=["nik"], name="client_nik_idx"),
            models.Index(fields=["regency"], name="client_regency_idx"),
            models.Index(fields=["district"], name="client_district_idx"),
            models.Index(fields=["village"], name="client_village_idx"),
            # PostgreSQL only, made by migration 0009: a trigram index on name_normalized
            # (name search anywhere in the name) and a pattern index on nik (NIK prefixes).
        ]

    def __str__(self):
        return f"{self.name} ({self.registration_number})"

    def save(self, *args, **kwargs):
        self.name_normalized = normalize_name(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("beneficiaries:client_detail", args=[self.pk])

    def clean(self):
        # Kemendagri codes nest (35.73 > 35.73.01 > 35.73.01.1001), so the address levels
        # are checked against each other without a query.
        errors = {}
        if self.district_id and not self.district_id.startswith(f"{self.regency_id}."):
            errors["district"] = _("This district is not in the chosen regency/city.")
        if self.village_id and not self.village_id.startswith(f"{self.district_id}."):
            errors["village"] = _("This village is not in the chosen district.")
        if errors:
            raise ValidationError(errors)

    @property
    def has_multiple_disabilities(self):
        """Disabilitas ganda: two or more kinds. Uses the prefetched disabilities."""
        return len({d.kind_id for d in self.disabilities.all()}) >= 2

    @property
    def masked_nik(self):
        """The NIK as lists show it: district prefix and last four digits only."""
        if not self.nik:
            return ""
        return f"{self.nik[:6]}{'•' * 6}{self.nik[-4:]}"


class RegistrationSequence(models.Model):
    """The last registration number handed out per year (see `client_register`)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_value = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_value}"


class CaseNote(models.Model):
    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="case_notes", verbose_name=_("client")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="case_notes",
        verbose_name=_("author"),
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True, db_index=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")

    def __str__(self):
        return f"{self.client_id} {self.created_at:%Y-%m-%d}"


class ClientStatusChange(models.Model):
    """A change of a client's status (klien, eks klien, moved, deceased), for the timeline."""

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("client")
    )
    old_status = models.CharField(_("old status"), max_length=12, choices=Client.Status.choices)
    new_status = models.CharField(_("new status"), max_length=12, choices=Client.Status.choices)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("changed by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.client_id}: {self.old_status} -> {self.new_status}"
