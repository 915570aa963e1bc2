# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, models
from odoo.exceptions import UserError

from ..models.qms_spc import VARIABLE_CHARTS
from ..tools import spc_svg

# Significant digits of the figures: capability indices are read to 2 decimals.
FIGURE_DIGITS = {"cp": 3, "cpk": 3, "pp": 3, "ppk": 3, "sigma_within": 4, "sigma_overall": 4}


class ReportQmsSpc(models.AbstractModel):
    """The capability report of a test on a product: the control chart and its companion, the
    histogram with the normal curve, the indices and the run rules broken, as SVG drawn in
    Python (the PDF engine runs no JavaScript)."""

    _name = "report.quality_core.report_qms_spc"
    _description = "Quality Capability Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        tests = self.env["qms.test"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "qms.test",
            "docs": tests,
            "charts": [self._qms_chart(test, data) for test in tests],
        }

    @api.model
    def _qms_chart(self, test, data):
        """What the report shows for ``test``: the product, chart, limit and partner of
        ``data`` (else the test's chart on its most inspected product)."""
        product_id = data.get("product_id")
        if not product_id:
            products = test.qms_spc_products()
            if not products:
                raise UserError(
                    self.env._(
                        "Test %(test)s has no decided inspection to chart.", test=test.display_name
                    )
                )
            product_id = products[0]["id"]
        partner_id = data.get("partner_id") or None
        spc_data = test._qms_spc_data(
            product_id,
            data.get("chart") or test.spc_chart,
            int(data.get("limit") or 100),
            partner_id=partner_id,
        )
        chart = spc_data["chart"]
        chart_name = dict(test._fields["spc_chart"]._description_selection(self.env))[chart]
        labels = self._qms_svg_labels(spc_data)
        values = self._qms_capability_values(test, spc_data, partner_id)
        return {
            "test": test,
            "data": spc_data,
            "chart_name": chart_name,
            "partner": self.env["res.partner"].browse(partner_id),
            "flagged_count": sum(1 for point in spc_data["points"] if point["violations"]),
            "main_svg": Markup(spc_svg.control_chart_svg(spc_data, labels | {"title": chart_name})),
            "companion_svg": Markup(
                spc_svg.companion_chart_svg(
                    spc_data, labels | {"title": self._qms_companion_title(chart)}
                )
            ),
            "histogram_svg": Markup(
                spc_svg.histogram_svg(
                    values,
                    spc_data.get("mean"),
                    spc_data.get("sigma_overall"),
                    spc_data.get("lsl"),
                    spc_data.get("usl"),
                    labels
                    | {"title": self.env._("Histogram and normal curve"), "x": spc_data["uom"]},
                )
            )
            if values
            else "",
            "values_count": len(values),
            "figures": self._qms_figures(spc_data),
        }

    def _qms_svg_labels(self, spc_data):
        return {
            "x": self.env._("Point"),
            "y": spc_data["uom"],
            "center": self.env._("CL"),
            "ucl": self.env._("UCL"),
            "lcl": self.env._("LCL"),
            "lsl": self.env._("LSL"),
            "usl": self.env._("USL"),
            "mean": self.env._("Mean"),
        }

    def _qms_companion_title(self, chart):
        return {
            "imr": self.env._("Moving range (MR)"),
            "xbar_r": self.env._("Range (R)"),
            "xbar_s": self.env._("Standard deviation (S)"),
        }.get(chart, "")

    def _qms_capability_values(self, test, spc_data, partner_id):
        """The individual values behind a variable chart: those of its points for I-MR, the
        units of its subgroups for X̄ charts; none for attribute charts."""
        chart = spc_data["chart"]
        if chart not in VARIABLE_CHARTS or not spc_data["points"]:
            return []
        if chart == "imr":
            return [point["value"] for point in spc_data["points"]]
        product = self.env["product.product"].browse(spc_data["product_id"])
        rows = test._qms_spc_rows(
            product,
            chart,
            len(spc_data["points"]),
            spc_data["subgroup_size"],
            {"partner_id": partner_id, "workcenter_id": None},
        )
        return [value for row in rows for value in row[3]]

    def _qms_figures(self, spc_data):
        names = [
            ("cp", self.env._("Cp")),
            ("cpk", self.env._("Cpk")),
            ("pp", self.env._("Pp")),
            ("ppk", self.env._("Ppk")),
            ("mean", self.env._("Mean")),
            ("sigma_within", self.env._("Sigma within")),
            ("sigma_overall", self.env._("Sigma overall")),
            ("center", self.env._("Centre line")),
            ("ucl", self.env._("UCL")),
            ("lcl", self.env._("LCL")),
        ]
        return [
            {
                "name": key,
                "label": label,
                "value": spc_svg.format_value(spc_data.get(key), FIGURE_DIGITS.get(key, 6)),
            }
            for key, label in names
        ]
