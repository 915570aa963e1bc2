# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the control chart screen (client action ``quality_core.qms_spc_chart``) reads, and
the buttons of the test, product and control point forms that open it."""

from odoo import models


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
