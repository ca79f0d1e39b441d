"""Server-rendered SVG charts for the outcome report: no JavaScript, no inline style, so
they work under the content security policy; the template draws them from these numbers
(SVG attributes, not CSS) and shows the same data as a table beside each chart."""

from dataclasses import dataclass

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
        return round(41 + self.width, 2)


ROW_HEIGHT = 28
BAR_AREA = 50  # percent of the width for the bars; the labels take the 40 % on the left


def _bars(items, maximum):
    bars = []
    for index, (label, value, part) in enumerate(items):
        width = BAR_AREA * value / maximum if maximum else 0
        part_width = BAR_AREA * part / maximum if maximum else 0
        bars.append(
            Bar(label, value, round(width, 2), part, round(part_width, 2), index * ROW_HEIGHT)
        )
    return bars


def status_chart(headline):
    labels = dict(FollowUpVisit.Status.choices)
    items = [(str(labels[s]), n, 0) for s, n in headline.status_counts.items()]
    bars = _bars(items, max((n for _, n, _ in items), default=0))
    return {"bars": bars, "height": len(bars) * ROW_HEIGHT}


def bar_chart(items):
    """Horizontal bars of (label, total, part) — e.g. businesses followed and developing."""
    bars = _bars(items, max((value for _, value, _ in items), default=0))
    return {"bars": bars, "height": len(bars) * ROW_HEIGHT}


def trend_chart(trend):
    maximum = max((q.visits for q in trend), default=0)
    count = len(trend) or 1
    columns = []
    for index, quarter in enumerate(trend):
        height = 100 * quarter.visits / maximum if maximum else 0
        developing = 100 * quarter.developing / maximum if maximum else 0
        columns.append(
            {
                "label": quarter.label,
                "visits": quarter.visits,
                "developing": quarter.developing,
                "x": round(100 * index / count, 2),
                "width": round(100 / count * 0.8, 2),
                "height": round(height, 2),
                "y": round(100 - height, 2),
                "dev_height": round(developing, 2),
                "dev_y": round(100 - developing, 2),
            }
        )
    return {"columns": columns}
