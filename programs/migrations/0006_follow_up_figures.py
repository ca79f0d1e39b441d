"""The derived follow-up figures (programs/follow_up.py): each business's latest visit,
income before training and grant value, and each grantee's follow-up state, filled from
the visits and grants already recorded; and the index that finds a business's latest
visit (with status and income, for the report's visits by quarter).

The fill repeats programs.follow_up's rules on the historical models (a migration must not
depend on code that changes later): latest = the visit not archived with the latest date
(then the highest id); urgency 1 for equipment broken/sold/lost or a closed business, 2 for
flat or not yet developing, 3 otherwise; baseline = the income before training of the
enrolment of the business's first grant (by hand-over date) that has one.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import F, Min, OuterRef, Subquery, Sum

CHUNK = 5000
NEEDS_HELP = ("stagnan", "belum_berkembang", "tutup")
PROBLEMS = ("rusak", "dijual", "hilang")


def fill(apps, schema_editor):
    Business = apps.get_model("programs", "Business")
    FollowUpVisit = apps.get_model("programs", "FollowUpVisit")
    Grant = apps.get_model("programs", "Grant")
    GrantItem = apps.get_model("programs", "GrantItem")
    EquipmentCheck = apps.get_model("programs", "EquipmentCheck")
    GranteeFollowUp = apps.get_model("programs", "GranteeFollowUp")
    Client = apps.get_model("beneficiaries", "Client")

    def latest(**lookup):
        return FollowUpVisit.objects.filter(archived_at__isnull=True, **lookup).order_by(
            "-visited_on", "-id"
        )

    by_business = latest(business=OuterRef("pk"))
    baseline = (
        Grant.objects.filter(
            archived_at__isnull=True,
            businesses=OuterRef("pk"),
            enrolment__income_before__isnull=False,
        )
        .order_by("handed_over_on", "id")
        .values("enrolment__income_before")[:1]
    )
    value = (
        GrantItem.objects.filter(grant__businesses=OuterRef("pk"), grant__archived_at__isnull=True)
        .order_by()
        .values("grant__businesses")
        .annotate(total=Sum(F("quantity") * F("unit_value")))
        .values("total")
    )
    Business.objects.update(
        latest_visit=Subquery(by_business.values("pk")[:1]),
        latest_visit_on=Subquery(by_business.values("visited_on")[:1]),
        latest_status=Subquery(by_business.values("status")[:1]),
        latest_income=Subquery(by_business.values("net_income")[:1]),
        latest_employees=Subquery(by_business.values("employees")[:1]),
        baseline_income=Subquery(baseline),
        grant_value=Subquery(value),
    )
    by_client = latest(business__client=OuterRef("pk"))
    first_grant = (
        Grant.objects.filter(archived_at__isnull=True, client=OuterRef("pk"))
        .order_by()
        .values("client")
        .annotate(first=Min("handed_over_on"))
        .values("first")
    )
    ids = sorted(set(Grant.objects.values_list("client_id", flat=True)))
    for start in range(0, len(ids), CHUNK):
        rows = list(
            Client.objects.filter(pk__in=ids[start : start + CHUNK])
            .annotate(
                first_grant_on=Subquery(first_grant),
                last_visit_id=Subquery(by_client.values("pk")[:1]),
                last_visit_on=Subquery(by_client.values("visited_on")[:1]),
                last_status=Subquery(by_client.values("status")[:1]),
            )
            .filter(first_grant_on__isnull=False)
            .values("pk", "first_grant_on", "last_visit_id", "last_visit_on", "last_status")
        )
        problems = set(
            EquipmentCheck.objects.filter(
                visit_id__in=[r["last_visit_id"] for r in rows if r["last_visit_id"]],
                condition__in=PROBLEMS,
            ).values_list("visit_id", flat=True)
        )
        states = []
        for r in rows:
            status = r["last_status"] or ""
            problem = r["last_visit_id"] in problems
            states.append(
                GranteeFollowUp(
                    client_id=r["pk"],
                    first_grant_on=r["first_grant_on"],
                    last_visit_id=r["last_visit_id"],
                    last_visit_on=r["last_visit_on"],
                    last_status=status,
                    equipment_problem=problem,
                    last_contact_on=r["last_visit_on"] or r["first_grant_on"],
                    urgency=1 if problem or status == "tutup" else 2 if status in NEEDS_HELP else 3,
                )
            )
        GranteeFollowUp.objects.bulk_create(states, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("beneficiaries", "0009_client_list_indexes"),
        ("programs", "0005_history_versions_archive"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="GranteeFollowUp",
            fields=[
                (
                    "client",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="follow_up",
                        serialize=False,
                        to="beneficiaries.client",
                        verbose_name="client",
                    ),
                ),
                ("first_grant_on", models.DateField(verbose_name="first grant on")),
                (
                    "last_visit_on",
                    models.DateField(blank=True, null=True, verbose_name="last visit on"),
                ),
                (
                    "last_status",
                    models.CharField(
                        blank=True, max_length=20, verbose_name="status at the last visit"
                    ),
                ),
                (
                    "equipment_problem",
                    models.BooleanField(
                        default=False,
                        verbose_name="equipment broken, sold or lost at the last visit",
                    ),
                ),
                (
                    "last_contact_on",
                    models.DateField(
                        help_text="The last visit, or the first grant if never visited.",
                        verbose_name="last contact on",
                    ),
                ),
                (
                    "urgency",
                    models.PositiveSmallIntegerField(
                        choices=[
                            (1, "Equipment broken, sold or lost, or business closed"),
                            (2, "Business flat or not yet developing"),
                            (3, "Other"),
                        ],
                        verbose_name="urgency",
                    ),
                ),
            ],
            options={
                "verbose_name": "grantee follow-up",
                "verbose_name_plural": "grantee follow-ups",
            },
        ),
        migrations.RemoveIndex(
            model_name="followupvisit",
            name="visit_business_date_idx",
        ),
        migrations.AddField(
            model_name="business",
            name="baseline_income",
            field=models.PositiveBigIntegerField(
                blank=True,
                editable=False,
                help_text="Of the enrolment behind its first grant that recorded one.",
                null=True,
                verbose_name="monthly income before training (Rp)",
            ),
        ),
        migrations.AddField(
            model_name="business",
            name="grant_value",
            field=models.PositiveBigIntegerField(
                blank=True, editable=False, null=True, verbose_name="value of its grants (Rp)"
            ),
        ),
        migrations.AddField(
            model_name="business",
            name="latest_employees",
            field=models.PositiveSmallIntegerField(
                blank=True, editable=False, null=True, verbose_name="employees at the latest visit"
            ),
        ),
        migrations.AddField(
            model_name="business",
            name="latest_income",
            field=models.PositiveBigIntegerField(
                blank=True,
                editable=False,
                null=True,
                verbose_name="net monthly income at the latest visit (Rp)",
            ),
        ),
        migrations.AddField(
            model_name="business",
            name="latest_status",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=20,
                null=True,
                verbose_name="status at the latest visit",
            ),
        ),
        migrations.AddField(
            model_name="business",
            name="latest_visit",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="programs.followupvisit",
                verbose_name="latest visit",
            ),
        ),
        migrations.AddField(
            model_name="business",
            name="latest_visit_on",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="latest visit on"
            ),
        ),
        migrations.AddIndex(
            model_name="followupvisit",
            index=models.Index(
                condition=models.Q(("archived_at__isnull", True)),
                fields=["business", "-visited_on", "-id"],
                include=("status", "net_income"),
                name="visit_business_latest_idx",
            ),
        ),
        migrations.AddField(
            model_name="granteefollowup",
            name="last_visit",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="programs.followupvisit",
                verbose_name="last visit",
            ),
        ),
        migrations.AddIndex(
            model_name="granteefollowup",
            index=models.Index(
                fields=["urgency", "last_contact_on"], name="grantee_follow_up_order_idx"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
