import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from beneficiaries.models import District, Province, Regency, Village
from beneficiaries.regions_data import load_districts, load_provinces_and_regencies, load_villages


class Command(BaseCommand):
    help = (
        "Load the Kemendagri regions shipped with the project: all provinces, regencies and "
        "districts of Indonesia, and the villages of PROVINCE_CODE. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            default=settings.PROVINCE_CODE,
            help="Province whose villages to load (default: the PROVINCE_CODE setting).",
        )

    @transaction.atomic
    def handle(self, *args, province, **options):
        started = time.monotonic()
        provinces, regencies = load_provinces_and_regencies(Province, Regency)
        districts = load_districts(District)
        villages = load_villages(Village, province)
        self.stdout.write(
            self.style.SUCCESS(
                f"Regions loaded in {time.monotonic() - started:.1f}s: {provinces} provinces, "
                f"{regencies} regencies, {districts} districts, {villages} villages of "
                f"province {province}."
            )
        )
