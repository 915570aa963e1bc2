# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Control charts and capability histograms drawn as SVG, for the PDF reports.

Pure Python, no ORM, standard library only: the PDF engine (wkhtmltopdf) runs no JavaScript,
so the charts of the web client are drawn again here from the dict of
``qms.test.qms_spc_data``. Every text is escaped; the caller passes the translated labels.

Geometry: a chart of ``width`` × ``height`` pixels has its plot area inside ``MARGIN``
(left, top, right, bottom); a value ``v`` of the range ``lo``–``hi`` is drawn at
``y = top + (hi − v) / (hi − lo) × plot height`` (``Scale``).
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

MARGIN = {"left": 64, "top": 28, "right": 56, "bottom": 44}
COLORS = {
    "line": "#1f77b4",
    "point": "#1f77b4",
    "flagged": "#dc3545",
    "center": "#2ca02c",
    "limit": "#d62728",
    "spec": "#ff7f0e",
    "axis": "#495057",
    "grid": "#dee2e6",
    "bar": "#9ecae1",
    "curve": "#08519c",
}
FONT = 'font-family="Helvetica, Arial, sans-serif"'


@dataclass(frozen=True)
class Scale:
    """Maps the values ``lo``–``hi`` to the pixels ``start``–``end`` (``end`` may be smaller,
    as the y axis of an SVG grows downwards)."""

    lo: float
    hi: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        if self.hi == self.lo:
            return (self.start + self.end) / 2
        return self.start + (value - self.lo) / (self.hi - self.lo) * (self.end - self.start)


def _num(value: float) -> str:
    """A coordinate, to 2 decimals."""
    return f"{value:.2f}"


def format_value(value: float | None, digits: int = 6) -> str:
    """A figure as printed on the charts: 6 significant digits (measures to the micron)."""
    return "" if value is None else f"{value:.{digits}g}"


def _text(x, y, text, size=11, anchor="start", color=None, extra=""):
    return (
        f'<text x="{_num(x)}" y="{_num(y)}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{color or COLORS["axis"]}" {FONT}{extra}>{escape(str(text))}</text>'
    )


def _line(x1, y1, x2, y2, color, css_class, dashed=False, width=1.2):
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    return (
        f'<line class="{css_class}" x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" '
        f'y2="{_num(y2)}" stroke="{color}" stroke-width="{width}"{dash}/>'
    )


def _svg(width, height, body, title):
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label={quoteattr(title or "")}>'
        f"<title>{escape(title or '')}</title>{''.join(body)}</svg>"
    )


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering ``lo``–``hi``, about ``count`` of them."""
    if hi <= lo:
        return [lo]
    raw = (hi - lo) / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(lo / step) * step
    ticks = []
    tick = first
    while tick <= hi + step * 1e-9:
        ticks.append(round(tick, 12))
        tick += step
    return ticks


def value_range(values: Sequence[float | None], padding: float = 0.08) -> tuple[float, float]:
    """The range of the y axis: every value and line, widened by ``padding`` of the span."""
    present = [value for value in values if value is not None]
    if not present:
        return 0.0, 1.0
    lo, hi = min(present), max(present)
    span = hi - lo or abs(hi) or 1.0
    return lo - span * padding, hi + span * padding


def _y_axis(y, left, right, labels):
    body = []
    for tick in nice_ticks(y.lo, y.hi):
        body.append(_line(left, y(tick), right, y(tick), COLORS["grid"], "grid", width=0.6))
        body.append(_text(left - 6, y(tick) + 4, format_value(tick), size=10, anchor="end"))
    if labels.get("y"):
        middle = (y.start + y.end) / 2
        body.append(
            _text(
                14,
                middle,
                labels["y"],
                anchor="middle",
                extra=f' transform="rotate(-90 14 {_num(middle)})"',
            )
        )
    return body


def line_chart_svg(
    values: Sequence[float | None],
    center: float | None = None,
    ucl: float | None = None,
    lcl: float | None = None,
    ucl_points: Sequence[float] | None = None,
    lcl_points: Sequence[float] | None = None,
    lsl: float | None = None,
    usl: float | None = None,
    flagged: Sequence[int] = (),
    labels: dict | None = None,
    width: int = 760,
    height: int = 300,
    y_range: tuple[float, float] | None = None,
) -> str:
    """A control chart: the points joined by a line, numbered 1 to n on the x axis; the centre
    line; the control limits (stepped per point when ``ucl_points``/``lcl_points`` are given);
    the specification limits dashed; the ``flagged`` points (0-based indexes) red and bigger.

    :param labels: ``title``, ``x`` and ``y`` axis labels and the names of the lines
        (``center``, ``ucl``, ``lcl``, ``lsl``, ``usl``), already translated
    :param y_range: the values at the bottom and top of the plot (else every value and line,
        padded)
    """
    labels = {
        "center": "CL",
        "ucl": "UCL",
        "lcl": "LCL",
        "lsl": "LSL",
        "usl": "USL",
        **(labels or {}),
    }
    left, top = MARGIN["left"], MARGIN["top"]
    right, bottom = width - MARGIN["right"], height - MARGIN["bottom"]
    lines = [center, ucl, lcl, lsl, usl, *(ucl_points or ()), *(lcl_points or ())]
    lo, hi = y_range or value_range([*values, *lines])
    y = Scale(lo, hi, bottom, top)
    count = len(values)
    x = Scale(0, max(count - 1, 1), left + 10, right - 10)
    body = [_text(left, 16, labels.get("title", ""), size=13, extra=' font-weight="bold"')]
    body += _y_axis(y, left, right, labels)
    body.append(_line(left, bottom, right, bottom, COLORS["axis"], "axis"))
    body.append(_line(left, top, left, bottom, COLORS["axis"], "axis"))
    step = max(1, math.ceil(count / 25))
    for index in range(0, count, step):
        body.append(_text(x(index), bottom + 14, index + 1, size=9, anchor="middle"))
    if labels.get("x"):
        body.append(_text((left + right) / 2, height - 8, labels["x"], anchor="middle"))

    def level(value, key, color, dashed=False):
        if value is None:
            return
        body.append(_line(left, y(value), right, y(value), color, key, dashed=dashed))
        body.append(
            _text(right + 4, y(value) + 4, f"{labels[key]} {format_value(value)}", 9, color=color)
        )

    def steps(limits, key):
        # A limit per point: flat over each point, from halfway to the previous point to
        # halfway to the next one.
        half = (x(1) - x(0)) / 2 if count > 1 else 0
        coords = []
        for index, value in enumerate(limits):
            coords += [(x(index) - half, y(value)), (x(index) + half, y(value))]
        points = " ".join(f"{_num(px)},{_num(py)}" for px, py in coords)
        body.append(
            f'<polyline class="{key}" points="{points}" fill="none" '
            f'stroke="{COLORS["limit"]}" stroke-width="1.2"/>'
        )
        body.append(_text(right + 4, coords[-1][1] + 4, labels[key], 9, color=COLORS["limit"]))

    level(center, "center", COLORS["center"])
    for key, value, per_point in (("ucl", ucl, ucl_points), ("lcl", lcl, lcl_points)):
        if per_point:
            steps(per_point, key)
        else:
            level(value, key, COLORS["limit"])
    level(lsl, "lsl", COLORS["spec"], dashed=True)
    level(usl, "usl", COLORS["spec"], dashed=True)

    # A missing value (the first moving range) breaks the line.
    segments, segment = [], []
    for index, value in enumerate(values):
        if value is None:
            segments.append(segment)
            segment = []
        else:
            segment.append(f"{_num(x(index))},{_num(y(value))}")
    segments.append(segment)
    for segment in filter(None, segments):
        body.append(
            f'<polyline class="values" points="{" ".join(segment)}" fill="none" '
            f'stroke="{COLORS["line"]}" stroke-width="1.5"/>'
        )
    flagged = set(flagged)
    for index, value in enumerate(values):
        if value is None:
            continue
        red = index in flagged
        body.append(
            f'<circle class="{"point flagged" if red else "point"}" cx="{_num(x(index))}" '
            f'cy="{_num(y(value))}" r="{4.5 if red else 2.8}" '
            f'fill="{COLORS["flagged"] if red else COLORS["point"]}"/>'
        )
    return _svg(width, height, body, labels.get("title"))


def control_chart_svg(data: dict, labels: dict | None = None, **kwargs) -> str:
    """The main chart of a ``qms_spc_data`` dict."""
    points = data.get("points") or []
    return line_chart_svg(
        [point["value"] for point in points],
        center=data.get("center"),
        ucl=data.get("ucl"),
        lcl=data.get("lcl"),
        ucl_points=data.get("ucl_points"),
        lcl_points=data.get("lcl_points"),
        lsl=data.get("lsl"),
        usl=data.get("usl"),
        flagged=[index for index, point in enumerate(points) if point.get("violations")],
        labels=labels,
        **kwargs,
    )


def companion_chart_svg(data: dict, labels: dict | None = None, **kwargs) -> str:
    """The moving range, range or standard deviation chart of a ``qms_spc_data`` dict; an
    empty string for attribute charts, which have none."""
    companion = data.get("companion")
    if not companion or not companion.get("points"):
        return ""
    return line_chart_svg(
        companion["points"],
        center=companion.get("center"),
        ucl=companion.get("ucl"),
        lcl=companion.get("lcl"),
        labels=labels,
        **{"height": 220, **kwargs},
    )


def normal_pdf(x: float, mean: float, sigma: float) -> float:
    return math.exp(-0.5 * ((x - mean) / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi))


def histogram_bins(values: Sequence[float], lo: float, hi: float) -> list[int]:
    """Counts of ``values`` in Sturges' number of equal bins over ``lo``–``hi``."""
    count = max(1, math.ceil(math.log2(len(values)) + 1)) if values else 1
    bins = [0] * count
    width = (hi - lo) / count or 1.0
    for value in values:
        bins[min(count - 1, max(0, int((value - lo) / width)))] += 1
    return bins


def histogram_svg(
    values: Sequence[float],
    mean: float | None = None,
    sigma: float | None = None,
    lsl: float | None = None,
    usl: float | None = None,
    labels: dict | None = None,
    width: int = 760,
    height: int = 260,
) -> str:
    """A histogram of ``values`` with the normal curve of ``mean`` and ``sigma`` scaled to the
    counts, and the specification limits dashed."""
    labels = {"lsl": "LSL", "usl": "USL", "mean": "X̄", **(labels or {})}
    left, top = MARGIN["left"], MARGIN["top"]
    right, bottom = width - MARGIN["right"], height - MARGIN["bottom"]
    body = [_text(left, 16, labels.get("title", ""), size=13, extra=' font-weight="bold"')]
    values = [value for value in values if value is not None]
    curve = bool(values) and mean is not None and bool(sigma) and sigma > 0
    edges = [*values, lsl, usl]
    if curve:
        edges += [mean - 3 * sigma, mean + 3 * sigma]
    lo, hi = value_range(edges, padding=0.04)
    x = Scale(lo, hi, left, right)
    bins = histogram_bins(values, lo, hi)
    bin_width = (hi - lo) / len(bins)
    expected = []
    if curve:
        steps = 120
        for step in range(steps + 1):
            at = lo + (hi - lo) * step / steps
            expected.append((at, len(values) * bin_width * normal_pdf(at, mean, sigma)))
    top_count = max([*bins, *(count for _at, count in expected), 1])
    y = Scale(0, top_count * 1.1, bottom, top)
    body += _y_axis(y, left, right, labels)
    for index, count in enumerate(bins):
        x0, x1 = x(lo + index * bin_width), x(lo + (index + 1) * bin_width)
        body.append(
            f'<rect class="bar" x="{_num(x0)}" y="{_num(y(count))}" width="{_num(x1 - x0)}" '
            f'height="{_num(y(0) - y(count))}" fill="{COLORS["bar"]}" stroke="#fff"/>'
        )
    for tick in nice_ticks(lo, hi, 8):
        body.append(_text(x(tick), bottom + 14, format_value(tick), size=9, anchor="middle"))
    body.append(_line(left, bottom, right, bottom, COLORS["axis"], "axis"))
    if labels.get("x"):
        body.append(_text((left + right) / 2, height - 8, labels["x"], anchor="middle"))
    if expected:
        points = " ".join(f"{_num(x(at))},{_num(y(count))}" for at, count in expected)
        body.append(
            f'<polyline class="normal" points="{points}" fill="none" '
            f'stroke="{COLORS["curve"]}" stroke-width="1.8"/>'
        )
    for key, value, color, dashed in (
        ("mean", mean if values else None, COLORS["center"], False),
        ("lsl", lsl, COLORS["spec"], True),
        ("usl", usl, COLORS["spec"], True),
    ):
        if value is None:
            continue
        body.append(_line(x(value), top, x(value), bottom, color, key, dashed=dashed))
        body.append(
            _text(x(value), top - 4, f"{labels[key]} {format_value(value)}", 9, "middle", color)
        )
    return _svg(width, height, body, labels.get("title"))
