# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the control chart screen (client action ``quality_core.qms_spc_chart``) reads, and
the buttons of the test, product and control point forms that open it."""

from odoo import api, models

from .qms_spc import VARIABLE_CHARTS

SPC_CLIENT_ACTION = "quality_core.qms_spc_chart"


class QmsTest(models.Model):
    _inherit = "qms.test"

    @api.model
    def _qms_spc_charted_domain(self):
        """The tests that have a control chart: charted ones, and every measured test."""
        return ["|", ("spc_enabled", "=", True), ("test_type", "=", "measure")]

    @api.model
    def qms_spc_tests(self):
        """The tests the chart screen offers: ``id``, ``name``, ``chart``, ``measured``."""
        return [
            {
                "id": test.id,
                "name": test.display_name,
                "chart": test.spc_chart or "imr",
                "measured": test.test_type == "measure",
            }
            for test in self.search(self._qms_spc_charted_domain())
        ]

    def _qms_spc_inspection_domain(self, product_ids=None):
        self.ensure_one()
        domain = [
            ("line_ids.test_id", "=", self.id),
            ("state", "=", "done"),
            ("skipped", "=", False),
        ]
        if product_ids is not None:
            domain.append(("product_id", "in", product_ids))
        return domain

    def qms_spc_products(self):
        """The products with decided inspections of this test, most inspected first:
        ``id``, ``name``, ``count``."""
        groups = self.env["qms.inspection"]._read_group(
            self._qms_spc_inspection_domain(), ["product_id"], ["__count"]
        )
        return [
            {"id": product.id, "name": product.display_name, "count": count}
            for product, count in sorted(groups, key=lambda group: -group[1])
        ]

    def qms_spc_partners(self, product_id):
        """The vendors or customers of the decided inspections of this test on a product."""
        groups = self.env["qms.inspection"]._read_group(
            self._qms_spc_inspection_domain([int(product_id)]) + [("partner_id", "!=", False)],
            ["partner_id"],
            ["__count"],
        )
        return [
            {"id": partner.id, "name": partner.display_name, "count": count}
            for partner, count in sorted(groups, key=lambda group: -group[1])
        ]

    def qms_spc_charts(self):
        """The charts this test can draw: variable charts need measured values."""
        self.ensure_one()
        charts = self._fields["spc_chart"]._description_selection(self.env)
        if self.test_type != "measure":
            charts = [chart for chart in charts if chart[0] not in VARIABLE_CHARTS]
        return [{"id": key, "name": label} for key, label in charts]

    @api.model
    def _qms_spc_chart_action(self, test=None, product=None):
        """The client action of the control chart, on ``test`` and ``product`` when given: in
        its params, which the web client keeps in the URL."""
        params = {}
        if test:
            params["test_id"] = test.id
        if product:
            params["product_id"] = product.id
        return {
            "type": "ir.actions.client",
            "tag": SPC_CLIENT_ACTION,
            "name": test.display_name if test else self.env._("Control Charts"),
            "params": params,
            "context": {"qms_spc_" + key: value for key, value in params.items()},
        }

    def action_qms_spc_chart(self):
        """Open the control chart of this test, on its most inspected product."""
        self.ensure_one()
        products = self.qms_spc_products()
        product = self.env["product.product"].browse(products[0]["id"]) if products else None
        return self._qms_spc_chart_action(self, product)


class QmsControlPoint(models.Model):
    _inherit = "qms.control.point"

    def action_qms_spc_chart(self):
        """Open the control chart of the first charted test of this point, on its first
        product (else the most inspected one)."""
        self.ensure_one()
        Test = self.env["qms.test"]
        tests = self.test_ids.filtered_domain(Test._qms_spc_charted_domain())
        test = tests.filtered("spc_enabled")[:1] or tests[:1]
        if not test:
            return Test._qms_spc_chart_action()
        product = self.product_ids[:1]
        if not product:
            products = test.qms_spc_products()
            product = self.env["product.product"].browse(products[0]["id"]) if products else None
        return Test._qms_spc_chart_action(test, product)


class ProductTemplate(models.Model):
    _inherit = "product.template"

    def _qms_spc_test(self):
        """The first charted test inspected on a variant of this product, and that variant."""
        self.ensure_one()
        Inspection = self.env["qms.inspection"]
        variants = self.product_variant_ids
        for test in self.env["qms.test"].search(
            self.env["qms.test"]._qms_spc_charted_domain(), order="spc_enabled desc, sequence, id"
        ):
            done = Inspection.search(test._qms_spc_inspection_domain(variants.ids), limit=1)
            if done:
                return test, done.product_id
        return self.env["qms.test"], variants[:1]

    def action_qms_spc_chart(self):
        self.ensure_one()
        test, product = self._qms_spc_test()
        return self.env["qms.test"]._qms_spc_chart_action(test or None, product)


class QmsInspectionLine(models.Model):
    _inherit = "qms.inspection.line"

    def action_qms_spc_chart(self):
        """Open the control chart of this result's test on the inspected product."""
        self.ensure_one()
        return self.env["qms.test"]._qms_spc_chart_action(
            self.test_id, self.inspection_id.product_id
        )
