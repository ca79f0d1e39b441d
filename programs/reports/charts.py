"""Server-rendered SVG charts for the outcome report: no JavaScript, no inline style, so
they work under the content security policy; the template draws them from these numbers
(SVG attributes, not CSS). Each chart has a title, both axes named (with their unit) and
a scale from 0 to its largest value; the page shows the same numbers as a table under it.

Horizontal positions are percents of the chart's width (it is as wide as its card, on a
phone too), vertical ones pixels, so the text is never stretched."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .. import numbers
from ..models import FollowUpVisit


@dataclass
class Bar:
    label: str
    value: int
    width: float  # percent of the whole chart's width (the bar area is 50 % of it)
    part: int = 0  # e.g. the developing ones among the followed
    part_width: float = 0.0
    y: int = 0

    @property
    def value_x(self):
        """Where the number is written: just right of the bar."""
        return round(BAR_START + 1 + self.width, 2)

    @property
    def value_text(self):
        return numbers.count(self.value)

    @property
    def part_text(self):
        return numbers.count(self.part)


TOP = 24  # the row of the axes' names above the bars
ROW_HEIGHT = 28
BAR_START = 40  # percent of the width: the labels take the 40 % on the left
BAR_AREA = 50  # percent of the width for the bars; the last 10 % for the numbers


def _bars(items, maximum):
    bars = []
    for index, (label, value, part) in enumerate(items):
        width = BAR_AREA * value / maximum if maximum else 0
        part_width = BAR_AREA * part / maximum if maximum else 0
        bars.append(
            Bar(
                label,
                value,
                round(width, 2),
                part,
                round(part_width, 2),
                TOP + index * ROW_HEIGHT,
            )
        )
    return bars


def bar_chart(items, *, title="", category_axis="", value_axis=""):
    """Horizontal bars of (label, total, part) — e.g. businesses followed and developing.
    `category_axis` names the labels (above them), `value_axis` the bars' unit (under the
    scale)."""
    maximum = max((value for _, value, _ in items), default=0)
    bars = _bars(items, maximum)
    axis_y = TOP + len(bars) * ROW_HEIGHT
    return {
        "title": title,
        "category_axis": category_axis,
        "value_axis": value_axis,
        "bars": bars,
        "bar_start": BAR_START,
        "bar_end": BAR_START + BAR_AREA,
        "axis_title_x": BAR_START + BAR_AREA / 2,
        "maximum": numbers.count(maximum),
        "axis_y": axis_y,
        "tick_y": axis_y + 14,
        "axis_title_y": axis_y + 32,
        "height": axis_y + 40,
    }


def status_chart(headline):
    labels = dict(FollowUpVisit.Status.choices)
    items = [(str(labels[s]), n, 0) for s, n in headline.status_counts.items()]
    return bar_chart(
        items,
        title=_("Businesses by their status at the latest visit"),
        category_axis=_("Status"),
        value_axis=_("Businesses (number)"),
    )


PLOT_START = 12  # percent of the width: the scale's numbers take the 12 % on the left
PLOT_TOP = 24  # pixels: the value axis's name above the plot
PLOT_HEIGHT = 120


def trend_chart(trend):
    """Columns of visits per quarter (light), the developing ones among them (dark); under
    each its quarter (T1..T4) and, where the year changes, the year."""
    maximum = max((q.visits for q in trend), default=0)
    count = len(trend) or 1
    span = 100 - PLOT_START
    base = PLOT_TOP + PLOT_HEIGHT
    columns = []
    previous_year = None
    for index, quarter in enumerate(trend):
        height = PLOT_HEIGHT * quarter.visits / maximum if maximum else 0
        developing = PLOT_HEIGHT * quarter.developing / maximum if maximum else 0
        x = PLOT_START + span * index / count
        width = span / count * 0.7
        year = quarter.quarter.year
        columns.append(
            {
                "label": quarter.label,
                "quarter": f"T{(quarter.quarter.month - 1) // 3 + 1}",
                "year": year if year != previous_year else "",
                "visits": quarter.visits,
                "developing": quarter.developing,
                "x": round(x, 2),
                "center": round(x + width / 2, 2),
                "width": round(width, 2),
                "height": round(height, 2),
                "y": round(base - height, 2),
                "dev_height": round(developing, 2),
                "dev_y": round(base - developing, 2),
            }
        )
        previous_year = year
    return {
        "title": _("Follow-up visits by quarter"),
        "value_axis": _("Visits (number)"),
        "category_axis": _("Quarter (T1 = January to March)"),
        "columns": columns,
        "plot_start": PLOT_START,
        "tick_x": PLOT_START - 1,
        "top": PLOT_TOP,
        "base": base,
        "top_tick_y": PLOT_TOP + 4,
        "base_tick_y": base + 4,
        "maximum": numbers.count(maximum),
        "quarter_y": base + 14,
        "year_y": base + 28,
        "axis_title_y": base + 46,
        "axis_title_x": PLOT_START + span / 2,
        "height": base + 54,
    }
