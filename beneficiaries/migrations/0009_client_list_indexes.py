"""Indexes for the client list at a million clients (docs/performance.md).

- the active clients of a regency, and all active clients, in name order: the list's
  first page, a deep page and its count come from an index, never from reading the table;
- PostgreSQL only (a no-op elsewhere): the pg_trgm extension and a trigram GIN index on
  name_normalized, which answers `name_normalized LIKE '%...%'` (the list's name search);
  and a varchar_pattern_ops index on nik for `nik LIKE '3522...%'` (a NIK prefix), which
  a plain index answers only under the C collation.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

POSTGRESQL_INDEXES = [
    (
        "client_name_trgm_idx",
        "CREATE INDEX IF NOT EXISTS client_name_trgm_idx ON beneficiaries_client "
        "USING gin (name_normalized gin_trgm_ops)",
    ),
    (
        "client_nik_pattern_idx",
        "CREATE INDEX IF NOT EXISTS client_nik_pattern_idx ON beneficiaries_client "
        "(nik varchar_pattern_ops)",
    ),
]


def create_postgresql_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _name, sql in POSTGRESQL_INDEXES:
        schema_editor.execute(sql)


def drop_postgresql_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _sql in POSTGRESQL_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("beneficiaries", "0008_client_import"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="client",
            name="client_regency_name_idx",
        ),
        migrations.AddIndex(
            model_name="client",
            index=models.Index(
                condition=models.Q(("archived_at__isnull", True)),
                fields=["regency", "name_normalized", "id"],
                name="client_active_regency_name_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="client",
            index=models.Index(
                condition=models.Q(("archived_at__isnull", True)),
                fields=["name_normalized", "id"],
                name="client_active_name_idx",
            ),
        ),
        # CREATE EXTENSION only on PostgreSQL (Django skips it elsewhere); pg_trgm is a
        # trusted extension, so the database's owner may create it.
        TrigramExtension(),
        migrations.RunPython(create_postgresql_indexes, drop_postgresql_indexes),
    ]
