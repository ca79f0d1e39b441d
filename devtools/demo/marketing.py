"""The demo's market linkages (seed_demo_visits): Siti Aminah's garment business in
Bojonegoro, with her consented catalogue entry, the school-uniform and mask orders the
office brokered, an exhibition at the province's yearly event, and her approved story."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from programs.marketing import services
from programs.models import Business, MarketSupport, PublicationConsent

from .story import DEMO_WHEELCHAIR_BUSINESS_NAME, DEMO_WHEELCHAIR_CLIENT_NIK

STORY_TEXT = (
    "Siti Aminah belajar menjahit di UPT Rehabilitasi Sosial Bina Daksa Pasuruan pada 2024. "
    "Setelah lulus, ia menerima mesin jahit dan mesin obras dari Dinas Sosial dan membuka "
    "usaha konveksi di rumahnya di Desa Bendo, Kapas.\n\n"
    '"Dinsos telah banyak membantu kami memasarkan," katanya. Lewat Dinas Sosial ia '
    "mendapat pesanan seragam sekolah dan masker kain untuk kantor pemerintah, dan ikut "
    "pameran produk UMKM binaan di Surabaya. Kini ia mempekerjakan tetangganya."
)


def demo_marketing_exists() -> bool:
    return PublicationConsent.objects.exists()


def demo_marketing_create(users: dict) -> int:
    """Returns how many market supports were recorded (0 when the business is missing)."""
    business = Business.objects.filter(
        name=DEMO_WHEELCHAIR_BUSINESS_NAME, client__nik=DEMO_WHEELCHAIR_CLIENT_NIK
    ).first()
    worker = users.get("worker-bojonegoro")
    manager = get_user_model().objects.filter(username="manager").first()
    if business is None or worker is None or manager is None:
        return 0
    today = timezone.localdate()
    services.profile_save(
        business=business,
        saved_by=worker,
        description="Konveksi rumahan: seragam sekolah, gamis dan masker kain, jahitan rapi.",
        price_range="Rp15.000 (masker) sampai Rp175.000 (gamis)",
        whatsapp="0812 3456 7801",
        how_to_order="Pesan lewat WhatsApp; pesanan seragam paling lambat 3 minggu sebelumnya.",
        marketplace_links="https://shopee.co.id/konveksi.siti.aminah",
    )
    services.consent_record(
        business=business,
        recorded_by=worker,
        given_on=today - datetime.timedelta(days=60),
        show_name=True,
        show_products=True,
        show_photos=False,
        show_district=True,
        show_contact=True,
        show_story=True,
    )
    supports = [
        {
            "kind": MarketSupport.Kind.ORDER,
            "on": today - datetime.timedelta(days=150),
            "buyer_kind": MarketSupport.Buyer.SCHOOL,
            "buyer_name": "SD Negeri Bendo 1",
            "product": "Seragam sekolah merah putih",
            "quantity": 120,
            "value": 14_400_000,
            "delivery": MarketSupport.OnTime.YES,
        },
        {
            "kind": MarketSupport.Kind.ORDER,
            "on": today - datetime.timedelta(days=90),
            "buyer_kind": MarketSupport.Buyer.OFFICE,
            "buyer_name": "Dinas Kesehatan Kabupaten Bojonegoro",
            "product": "Masker kain tiga lapis",
            "quantity": 500,
            "value": 7_500_000,
            "delivery": MarketSupport.OnTime.YES,
        },
        {
            "kind": MarketSupport.Kind.EXHIBITION,
            "on": today - datetime.timedelta(days=45),
            "title": "Gelar Produk UMKM Binaan Dinas Sosial Jawa Timur",
            "value": 2_350_000,
        },
    ]
    for fields in supports:
        services.support_record(business=business, recorded_by=worker, **fields)
    story = services.story_save(
        business=business,
        written_by=worker,
        title="Dari mesin jahit bantuan ke pesanan seragam sekolah",
        text=STORY_TEXT,
        photo=None,
    )
    services.story_approve(story=story, approved_by=manager)
    return len(supports)
