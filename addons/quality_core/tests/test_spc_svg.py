# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import etree

from odoo.tests import BaseCase, tagged

from ..tools import spc, spc_svg

SVG = "{http://www.w3.org/2000/svg}"
VALUES = [74.0, 74.002, 73.998, 74.001, 73.999, 74.003, 73.997, 74.0, 74.004, 74.03]


def _data(values, **extra):
    """A ``qms_spc_data`` dict of an I-MR chart of ``values``, as the model builds it."""
    analysis = spc.analyse("imr", values, lsl=73.95, usl=74.05, rules=spc.NELSON_RULES)
    flagged = {index for v in analysis.violations for index in v.point_indexes}
    limits = analysis.limits
    return {
        "test": "Ring inside diameter",
        "chart": "imr",
        "points": [
            {"inspection_id": index, "value": value, "violations": ["N1"] * (index in flagged)}
            for index, value in enumerate(analysis.points)
        ],
        "center": limits.center,
        "ucl": limits.ucl,
        "lcl": limits.lcl,
        "ucl_points": None,
        "lcl_points": None,
        "lsl": 73.95,
        "usl": 74.05,
        "companion": {
            "points": analysis.companion,
            "center": limits.range_center,
            "ucl": limits.range_ucl,
            "lcl": limits.range_lcl,
        },
        **extra,
    }


@tagged("post_install", "-at_install")
class TestSpcSvg(BaseCase):
    def _parse(self, svg):
        root = etree.fromstring(svg.encode())
        self.assertEqual(root.tag, SVG + "svg")
        return root

    def test_one_circle_per_point_and_red_ones_for_flagged_points(self):
        data = _data(VALUES[:9], ucl=74.01, lcl=73.99)
        data["points"][2]["violations"] = ["N1"]
        data["points"][7]["violations"] = ["N5", "N6"]
        root = self._parse(spc_svg.control_chart_svg(data, {"title": "I chart"}))
        circles = root.findall(f".//{SVG}circle")
        self.assertEqual(len(circles), 9)
        red = [i for i, c in enumerate(circles) if c.get("fill") == spc_svg.COLORS["flagged"]]
        self.assertEqual(red, [2, 7])
        self.assertEqual([i for i, c in enumerate(circles) if "flagged" in c.get("class")], [2, 7])
        numbers = [t.text for t in root.findall(f".//{SVG}text")]
        self.assertIn("1", numbers, "the points are numbered on the x axis")
        self.assertIn("9", numbers)

    def test_a_point_beyond_the_computed_limits_is_red(self):
        root = self._parse(spc_svg.control_chart_svg(_data(VALUES)))
        circles = root.findall(f".//{SVG}circle")
        self.assertEqual(len(circles), 10)
        self.assertEqual(circles[-1].get("fill"), spc_svg.COLORS["flagged"], "74.03 is out")
        self.assertTrue(all(c.get("fill") != spc_svg.COLORS["flagged"] for c in circles[:-1]))

    def test_limit_lines_are_at_their_values_on_a_known_scale(self):
        data = _data(VALUES[:9], center=5.0, ucl=8.0, lcl=2.0, lsl=1.0, usl=9.0)
        data["points"] = [{"value": v, "violations": []} for v in (3, 4, 6, 7)]
        svg = spc_svg.control_chart_svg(data, width=500, height=300, y_range=(0.0, 10.0))
        root = self._parse(svg)
        top, bottom = spc_svg.MARGIN["top"], 300 - spc_svg.MARGIN["bottom"]

        def y_of(value):
            return top + (10.0 - value) / 10.0 * (bottom - top)

        for css_class, value in (
            ("center", 5.0),
            ("ucl", 8.0),
            ("lcl", 2.0),
            ("lsl", 1.0),
            ("usl", 9.0),
        ):
            line = root.find(f".//{SVG}line[@class='{css_class}']")
            self.assertAlmostEqual(float(line.get("y1")), y_of(value), places=2, msg=css_class)
            self.assertEqual(line.get("y1"), line.get("y2"))
        self.assertEqual(root.find(f".//{SVG}line[@class='ucl']").get("stroke-dasharray"), None)
        self.assertEqual(root.find(f".//{SVG}line[@class='usl']").get("stroke-dasharray"), "6 4")
        cys = [float(c.get("cy")) for c in root.findall(f".//{SVG}circle")]
        self.assertEqual([round(cy, 2) for cy in cys], [round(y_of(v), 2) for v in (3, 4, 6, 7)])

    def test_per_point_limits_are_steps(self):
        data = _data(VALUES[:4], ucl_points=[0.5, 0.4, 0.6, 0.5], lcl_points=[0, 0, 0.1, 0])
        data.update(lsl=None, usl=None, companion=None)
        data["points"] = [{"value": v, "violations": []} for v in (0.2, 0.1, 0.3, 0.2)]
        root = self._parse(spc_svg.control_chart_svg(data))
        ucl = root.find(f".//{SVG}polyline[@class='ucl']")
        self.assertEqual(len(ucl.get("points").split()), 8, "two corners per point")
        self.assertIsNone(root.find(f".//{SVG}line[@class='ucl']"))

    def test_texts_are_escaped(self):
        title = "<script>alert('x')</script> & co"
        svg = spc_svg.control_chart_svg(_data(VALUES), {"title": title, "y": "<b>mm</b>"})
        self.assertNotIn("<script>", svg)
        self.assertNotIn("<b>", svg)
        root = self._parse(svg)
        self.assertEqual(root.find(f"{SVG}title").text, title)
        self.assertIsNone(root.find(f".//{SVG}script"))
        self.assertEqual(root.get("aria-label"), title)
        histogram = spc_svg.histogram_svg(VALUES, 74.0, 0.002, labels={"title": title})
        self.assertEqual(self._parse(histogram).find(f"{SVG}title").text, title)

    def test_companion_chart_breaks_at_the_missing_moving_range(self):
        data = _data(VALUES)
        root = self._parse(spc_svg.companion_chart_svg(data, {"title": "MR"}))
        self.assertEqual(len(root.findall(f".//{SVG}circle")), 9, "no first moving range")
        self.assertEqual(spc_svg.companion_chart_svg(_data(VALUES, companion=None)), "")

    def test_histogram_has_the_bins_the_curve_and_the_spec_limits(self):
        root = self._parse(spc_svg.histogram_svg(VALUES, 74.0036, 0.01, lsl=73.95, usl=74.05))
        bars = root.findall(f".//{SVG}rect[@class='bar']")
        self.assertEqual(len(bars), 5, "Sturges: ceil(log2(10) + 1) bins")
        self.assertEqual(sum(spc_svg.histogram_bins(VALUES, 73.9, 74.1)), 10)
        self.assertIsNotNone(root.find(f".//{SVG}polyline[@class='normal']"))
        self.assertIsNotNone(root.find(f".//{SVG}line[@class='lsl']"))
        self.assertIsNotNone(root.find(f".//{SVG}line[@class='usl']"))
        empty = self._parse(spc_svg.histogram_svg([], None, None))
        self.assertIsNone(empty.find(f".//{SVG}polyline"), "no curve without data")
