"""Bar charts as server-rendered SVG geometry: no JavaScript, readable by screen readers via a table.

`columns` (vertical, e.g. per month) and `bars` (horizontal, e.g. per kind) return plain dicts that
`templates/_chart.html` draws; every chart also carries its numbers for the table beside it.
"""
from __future__ import annotations

COLUMN_WIDTH, COLUMN_GAP, COLUMN_HEIGHT = 24, 8, 160  # 12 months fit a phone without shrinking the text much
BAR_HEIGHT, BAR_ROW, BAR_WIDTH = 16, 44, 420


def _scale(values: list[int]) -> int:
    return max(values + [1])


def columns(items: list[tuple[str, int]], title: str) -> dict:
    """Vertical bars: one per item, labels underneath, the count above each bar."""
    top = _scale([n for _, n in items])
    shapes = []
    for i, (label, value) in enumerate(items):
        height = round(COLUMN_HEIGHT * value / top)
        x = 10 + i * (COLUMN_WIDTH + COLUMN_GAP)
        shapes.append({"x": x, "y": 20 + COLUMN_HEIGHT - height, "w": COLUMN_WIDTH, "h": height,
                       "label": label, "value": value, "label_x": x + COLUMN_WIDTH / 2,
                       "label_y": 20 + COLUMN_HEIGHT + 18, "value_y": 20 + COLUMN_HEIGHT - height - 5})
    width = 20 + len(items) * (COLUMN_WIDTH + COLUMN_GAP)
    return {"kind": "columns", "title": title, "width": width, "height": COLUMN_HEIGHT + 50, "shapes": shapes,
            "items": items, "total": sum(n for _, n in items)}


def bars(items: list[tuple[str, int]], title: str) -> dict:
    """Horizontal bars: the label above each bar (labels can be long), the count after the bar."""
    top = _scale([n for _, n in items])
    shapes = []
    for i, (label, value) in enumerate(items):
        y = 6 + i * BAR_ROW
        width = max(2 if value else 0, round(BAR_WIDTH * value / top))
        shapes.append({"x": 0, "y": y + 20, "w": width, "h": BAR_HEIGHT, "label": label, "value": value,
                       "label_x": 0, "label_y": y + 14, "value_x": width + 6, "value_y": y + 20 + BAR_HEIGHT - 4})
    height = 12 + max(1, len(items)) * BAR_ROW
    return {"kind": "bars", "title": title, "width": BAR_WIDTH + 60, "height": height, "shapes": shapes,
            "items": items, "total": sum(n for _, n in items)}
