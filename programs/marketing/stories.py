"""What a success story shows beside its text, read from the record each time it is shown
(never typed): income before training and now, employees, the equipment received."""

from dataclasses import dataclass

from ..models import Business, GrantItem


@dataclass(frozen=True)
class StoryFigures:
    income_before: int | None
    income_now: int | None
    employees: int | None
    equipment: list[str]
    latest_visit_on: object


def story_figures(business: Business) -> StoryFigures:
    items = (
        GrantItem.objects.filter(grant__businesses=business, grant__archived_at__isnull=True)
        .select_related("equipment_type")
        .order_by("pk")
    )
    return StoryFigures(
        income_before=business.baseline_income,
        income_now=business.latest_income,
        employees=business.latest_employees,
        equipment=[f"{i.quantity} {i.equipment_type.name}" for i in items],
        latest_visit_on=business.latest_visit_on,
    )
