"""What the demo's businesses are (`seed_demo_visits`, devtools/demo/visits.py): the stories
a grantee's business follows and how often each is drawn, when it is visited, its sector,
name and products by the skill of the training (or the equipment of a grant without one),
the income a growing business reaches, and what the visits note: support, notes, and what
became of the equipment.
"""

from beneficiaries.models import Client
from programs.models import Business, EquipmentCheck, FollowUpVisit

Status = FollowUpVisit.Status
Condition = EquipmentCheck.Condition
Sector = Business.Sector

NO_BUSINESS_SHARE = 0.15  # of the grants: the grantee never started a business

# The stories a business follows, and how likely each is outside the demo
# workers' regencies, per grant.
NONE = "none"  # no business at all
NEVER = "never"  # a business, never visited
FINE = "fine"  # growing, visited last month
GROWING = "growing"  # growing, visited a few months ago
STALE = "stale"  # doing all right, but not visited for more than six months
FLAT = "flat"  # stagnan
NOT_YET = "not_yet"  # belum berkembang
CLOSED = "closed"  # tutup, equipment sold or broken
EQUIPMENT = "equipment"  # running, but an item was found broken, sold or lost
SCENARIO_WEIGHTS = {
    NONE: NO_BUSINESS_SHARE,
    NEVER: 0.15,
    FINE: 0.12,
    GROWING: 0.2,
    STALE: 0.08,
    FLAT: 0.11,
    NOT_YET: 0.06,
    CLOSED: 0.07,
    EQUIPMENT: 0.06,
}
# The demo workers' clients go through these in turn (after a shuffle), so that each
# worklist reason has several of them; the second worker's regency starts
# WORKER_CYCLE_OFFSET further on, so that with as few as three grants each (a small demo,
# on some days) the two worklists show every reason between them.
WORKER_CYCLE = [FINE, EQUIPMENT, STALE, FLAT, NEVER, CLOSED, GROWING, NOT_YET, NONE, FINE]
WORKER_CYCLE_OFFSET = 3
# How long before today the last visit of a story was (days).
LAST_VISIT_AGO = {
    FINE: (5, 35),
    GROWING: (20, 170),
    STALE: (200, 700),
    FLAT: (10, 170),
    NOT_YET: (10, 170),
    CLOSED: (10, 400),
    EQUIPMENT: (10, 170),
}
VISIT_GAP = (90, 270)  # days between visits: three to nine months
FIRST_VISIT_AFTER_START = 30  # days: the business runs a month before it is visited

# The sector of a training's skill area, and of a grant without a training by its equipment.
SKILL_SECTORS = {
    "Menjahit dan konveksi": Sector.GARMENTS,
    "Tata boga": Sector.FOOD,
    "Tata rias dan salon": Sector.BEAUTY,
    "Kerajinan tangan": Sector.CRAFTS,
    "Pangkas rambut": Sector.BARBER,
    "Pertanian dan peternakan": Sector.FARMING,
    "Pertukangan kayu": Sector.CARPENTRY,
    "Otomotif": Sector.AUTOMOTIVE,
}
EQUIPMENT_SECTORS = {
    "Kambing": Sector.FARMING,
    "Gerobak dagang": Sector.FOOD,
    "Kompor gas dan tabung": Sector.FOOD,
    "Etalase": Sector.FOOD,
    "Mesin jahit": Sector.GARMENTS,
    "Mesin obras": Sector.GARMENTS,
    "Peralatan salon": Sector.BEAUTY,
    "Peralatan pangkas rambut": Sector.BARBER,
    "Peralatan pertukangan": Sector.CARPENTRY,
    "Peralatan bengkel": Sector.AUTOMOTIVE,
}

# Business names ({n}: the owner's calling name, {t}: Bu or Pak) and what each sells.
NAMES = {
    Sector.GARMENTS: [
        ("Konveksi {t} {n}", "Seragam sekolah, kaos dan seragam kerja"),
        ("Penjahit {n}", "Jahit pakaian pesanan dan permak"),
        ("Jahit {n} Collection", "Gamis, mukena, jilbab"),
        ("Konveksi {n} Jaya", "Seragam sekolah, permak pakaian"),
        ("Modiste {n}", "Kebaya dan baju pesta pesanan"),
        ("Busana Anak {n}", "Baju anak dan daster"),
    ],
    Sector.FOOD: [
        ("Warung Makan Barokah", "Nasi pecel, rawon, es teh"),
        ("Warung Makan Berkah Jaya", "Nasi campur, soto ayam, es jeruk"),
        ("Warung {t} {n}", "Nasi goreng dan mi goreng"),
        ("Kue Basah {t} {n}", "Kue basah dan jajanan pasar"),
        ("Katering {n}", "Katering nasi kotak"),
        ("Nasi Pecel {t} {n}", "Nasi pecel dan lontong sayur"),
        ("Dapur {n}", "Keripik singkong, rempeyek, kue kering pesanan Lebaran"),
    ],
    Sector.BEAUTY: [
        ("Salon {n}", "Potong rambut, creambath, rias wajah"),
        ("{n} Salon & Rias", "Rias pengantin dan wisuda"),
        ("Salon Ayu {n}", "Potong rambut wanita dan anak, smoothing"),
        ("Rias Pengantin {n}", "Rias pengantin, sewa kebaya"),
    ],
    Sector.CRAFTS: [
        ("Kerajinan {n}", "Keset kain perca dan sapu ijuk"),
        ("Anyaman Bambu {t} {n}", "Anyaman bambu: besek dan tampah"),
        ("Keset {n} Makmur", "Keset kain perca"),
        ("Kriya {n}", "Manik-manik dan gantungan kunci"),
        ("Suvenir {n}", "Suvenir pernikahan"),
        ("Mebel Bambu {t} {n}", "Rak dan kursi bambu"),
    ],
    Sector.BARBER: [
        ("Pangkas Rambut {n}", "Pangkas rambut pria dan anak"),
        ("Barbershop {n}", "Pangkas rambut, cukur jenggot"),
        ("Cukur Rapi {t} {n}", "Pangkas rambut pria dan anak"),
    ],
    Sector.FARMING: [
        ("Ternak Kambing {t} {n}", "Penggemukan dan pembiakan kambing"),
        ("Ternak {n} Makmur", "Kambing potong untuk kurban dan akikah"),
    ],
    Sector.CARPENTRY: [
        ("Mebel {n}", "Kursi, meja dan lemari pesanan"),
        ("Pertukangan {t} {n}", "Servis perabot kayu"),
    ],
    Sector.AUTOMOTIVE: [
        ("Bengkel {n}", "Servis sepeda motor"),
        ("Bengkel Motor {t} {n}", "Servis dan tambal ban sepeda motor"),
    ],
}
FOOD_CART_NAMES = [
    ("Bakso {t} {n}", "Bakso dan mi ayam keliling"),
    ("Siomay {t} {n}", "Siomay dan batagor"),
    ("Es Teh {n}", "Es teh dan gorengan"),
    ("Cilok {t} {n}", "Cilok dan cireng"),
]
# Net monthly income (Rp) a growing business of each sector reaches after two or three years.
GROWTH_TARGET = {
    Sector.GARMENTS: (1_500_000, 4_500_000),
    Sector.FOOD: (1_500_000, 5_000_000),
    Sector.BEAUTY: (1_200_000, 3_500_000),
    Sector.CRAFTS: (800_000, 2_500_000),
    Sector.BARBER: (1_500_000, 4_000_000),
    Sector.FARMING: (1_000_000, 3_000_000),
    Sector.CARPENTRY: (1_500_000, 4_000_000),
    Sector.AUTOMOTIVE: (1_500_000, 4_000_000),
}
MAX_NET_INCOME = 5_000_000

SUPPORT = {
    Status.DEVELOPING: [
        ["Pemasaran"],
        ["Akses permodalan"],
        ["Pelatihan lanjutan"],
        ["Pemasaran", "Akses permodalan"],
        ["Tidak ada"],
        ["Tidak ada"],
    ],
    Status.FLAT: [
        ["Pendampingan usaha"],
        ["Pemasaran"],
        ["Pendampingan usaha", "Pemasaran"],
        ["Akses permodalan"],
        ["Pendampingan usaha", "Akses permodalan"],
    ],
    Status.NOT_YET: [
        ["Pendampingan usaha"],
        ["Pelatihan lanjutan"],
        ["Pendampingan usaha", "Pemasaran"],
        ["Tidak ada"],
    ],
    Status.CLOSED: [["Pendampingan usaha"], ["Tidak ada"], ["Akses permodalan"]],
}
REPAIR = "Perbaikan peralatan"
NOTHING = "Tidak ada"

NOTES = {
    Status.DEVELOPING: [
        "",
        "Pesanan bertambah, terutama menjelang Lebaran.",
        "Usaha berjalan baik; pelanggan tetap bertambah.",
        "Sudah memasarkan lewat WhatsApp dan Facebook.",
        "Mulai menerima pesanan dari luar desa.",
        "Omzet naik; pembukuan sederhana sudah rapi.",
        "Menyisihkan keuntungan untuk menambah bahan baku.",
    ],
    Status.FLAT: [
        "Pesanan tidak bertambah sejak kunjungan lalu.",
        "Persaingan dengan usaha sejenis di desa cukup ketat.",
        "Modal terbatas untuk membeli bahan.",
        "Penjualan turun setelah harga bahan baku naik.",
        "Pemasaran masih dari mulut ke mulut.",
    ],
    Status.NOT_YET: [
        "Usaha baru berjalan, pelanggan masih keluarga dan tetangga.",
        "Belum rutin berproduksi; masih mencari pasar.",
        "Penerima masih ragu memulai usaha sendiri; perlu pendampingan.",
        "Baru menerima pesanan kecil beberapa kali.",
        "Terkendala modal untuk bahan baku.",
    ],
    Status.CLOSED: [
        "Usaha berhenti; penerima bekerja sebagai buruh harian.",
        "Usaha tutup karena penerima sakit cukup lama.",
        "Usaha tutup; penerima ikut keluarga ke luar kota.",
        "Tidak ada pesanan selama beberapa bulan, usaha dihentikan.",
        "Usaha tutup; modal terpakai untuk kebutuhan keluarga.",
    ],
}
EQUIPMENT_NOTES = {
    Condition.BROKEN: "{item} rusak, belum ada biaya untuk perbaikan.",
    Condition.SOLD: "{item} sudah dijual untuk kebutuhan keluarga.",
    Condition.LOST: "{item} hilang; menurut penerima dipinjam kerabat dan tidak kembali.",
    Condition.PASSED_ON: "{item} dipakai saudara penerima.",
}
# What becomes of the equipment of a closed business, and of the one item of a running
# business that is no longer in use.
CLOSED_CONDITIONS = {
    Condition.SOLD: 0.4,
    Condition.BROKEN: 0.35,
    Condition.PASSED_ON: 0.15,
    Condition.LOST: 0.1,
}
PROBLEM_CONDITIONS = {Condition.BROKEN: 0.55, Condition.SOLD: 0.3, Condition.LOST: 0.15}


def calling_name(client: Client) -> str:
    """Siti Aminah -> Siti, Moch. Rizky Pratama -> Rizky: how neighbours name a business."""
    words = client.name.split()
    if len(words) > 1 and words[0] in ("Muhammad", "Moch.", "Ahmad"):
        return words[1]
    return words[0]
