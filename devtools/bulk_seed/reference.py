"""What the synthetic records point at, read once before seeding: the province's villages
and regencies, PPKS types, disability types and devices, service units (which UPT takes in
whom), the training programs (made if missing), funding sources, equipment and kinds of
support; and one social worker per regency, who records its clients and visits."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from beneficiaries import roles
from beneficiaries.models import (
    AssistiveDevice,
    DisabilityType,
    PpksType,
    Regency,
    ServiceUnit,
    StaffScope,
    Village,
)
from devtools.demo.population import DISABILITY_TYPES, PPKS_MAIN, short_regency_name
from programs.models import (
    EquipmentType,
    FundingSource,
    SkillArea,
    SupportKind,
    TrainingProgram,
)

from .pools import PROGRAMS

WORKER_PREFIX = "seed-pekerja-"

# The UPT (found by a part of its name) that takes in a client of a disability kind, an
# elderly client or any other.
UPT_FOR_KIND = (
    ("fisik", "Bina Daksa"),
    ("sensorik", "Bina Netra"),
    ("intelektual", "Bina Grahita"),
    ("mental", "Bina Laras"),
    ("elderly", "Tresna Werdha"),
    ("other", "Bina Karya"),
)


def seed_workers() -> dict[str, int]:
    """One social worker per regency of the province (who records its clients and visits),
    created once; username seed-pekerja-<regency code>. Returns regency code -> user id."""
    User = get_user_model()
    group = Group.objects.get(name=roles.SOCIAL_WORKER)
    workers = {}
    for regency in Regency.objects.in_province():
        user, created = User.objects.get_or_create(
            username=f"{WORKER_PREFIX}{regency.code}",
            defaults={
                "first_name": "Pekerja Sosial",
                "last_name": short_regency_name(regency.name),
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(group)
            scope = StaffScope.objects.create(user=user)
            scope.regencies.add(regency)
        workers[regency.code] = user.pk
    return workers


class Reference:
    """The ids (and the few names and values) the generator needs, by what it looks them
    up with. Raises ValueError without villages or UPTs."""

    def __init__(self):
        self._regions()
        self._people()
        self._units()
        self._programs()
        self.support = dict(SupportKind.objects.values_list("name", "id"))
        self.support_none = self.support.pop("Tidak ada", None)
        self.support_ids = list(self.support.values())

    def _regions(self):
        province = settings.PROVINCE_CODE
        # (village, district, regency) codes: a village's code starts with the others'.
        self.villages = [
            (code, code[:8], code[:5])
            for code in Village.objects.filter(code__startswith=f"{province}.")
            .order_by("code")
            .values_list("code", flat=True)
        ]
        if not self.villages:
            raise ValueError("No villages: run `manage.py load_regions` first.")
        self.regency_names = dict(Regency.objects.in_province().values_list("code", "name"))

    def _people(self):
        self.ppks = dict(PpksType.objects.values_list("name", "id"))
        self.ppks_main = [(self.ppks[n], w, years) for n, w, years in PPKS_MAIN if n in self.ppks]
        self.ppks_weights = [w for _, w, _ in self.ppks_main]
        self.disability_ppks = self.ppks.get("Penyandang Disabilitas")
        self.elderly_ppks = self.ppks.get("Lanjut Usia Terlantar")
        self.poor_ppks = self.ppks.get("Fakir Miskin")
        types = {
            (kind, name): pk
            for kind, name, pk in DisabilityType.objects.values_list("kind__code", "name", "id")
        }
        self.disability_types = {
            kind: [(types[(kind, n)], n, w) for n, w in subtypes if (kind, n) in types]
            for kind, subtypes in DISABILITY_TYPES.items()
        }
        self.devices = dict(AssistiveDevice.objects.values_list("name", "id"))

    def _units(self):
        units = list(ServiceUnit.objects.values_list("id", "name", "kind", "regency_id"))
        self.upts = [(pk, name) for pk, name, kind, _ in units if kind == ServiceUnit.Kind.UPT]
        if not self.upts:
            raise ValueError("No UPT service units (they come with the migrations).")
        self.regency_offices = {
            regency: pk for pk, _, kind, regency in units if kind == ServiceUnit.Kind.REGENCY_OFFICE
        }
        self.upt_for_kind = {
            kind: [pk for pk, name in self.upts if fragment in name] or [self.upts[0][0]]
            for kind, fragment in UPT_FOR_KIND
        }

    def _programs(self):
        """The programs of pools.PROGRAMS (made if missing), each as a dict: id, funding,
        sector, products, items (equipment id, standard value, quantity, share, type name)
        and the names its batches already have."""
        equipment = {e.name: e for e in EquipmentType.objects.all()}
        funding = {f.name: f for f in FundingSource.objects.all()}
        skills = {s.name: s for s in SkillArea.objects.all()}
        self.funding_ids = [f.pk for f in funding.values()]
        self.programs = []
        for name, skill, fund, sector, products, items in PROGRAMS:
            program, _ = TrainingProgram.objects.get_or_create(
                name=name,
                defaults={"skill_area": skills[skill], "funding_source": funding[fund]},
            )
            self.programs.append(
                {
                    "id": program.pk,
                    "funding": program.funding_source_id,
                    "sector": sector,
                    "products": products,
                    "items": [
                        (equipment[t].pk, equipment[t].standard_value, q, share, t)
                        for t, q, share in items
                        if t in equipment
                    ],
                    "names": set(program.batches.values_list("name", flat=True)),
                }
            )
