"""The three roles of DESIGN.md, as Django groups. Permissions are granted to the groups
by migrations (0004 here; later apps add theirs), so admins only put users in groups."""

SOCIAL_WORKER = "Pekerja Sosial"
MANAGER = "Manajer"
ADMIN = "Admin"
