# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..models.qms_spc import CHARTS


class QmsSpcReportWizard(models.TransientModel):
    _name = "qms.spc.report.wizard"
    _description = "Quality Capability Report"

    test_id = fields.Many2one(
        "qms.test",
        required=True,
        domain="['|', ('spc_enabled', '=', True), ('test_type', '=', 'measure')]",
    )
    product_id = fields.Many2one("product.product", required=True)
    chart = fields.Selection(
        CHARTS,
        compute="_compute_chart",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    limit = fields.Integer("Points", default=100, required=True, help="The last points charted.")
    partner_id = fields.Many2one("res.partner", help="Only the inspections of it.")

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if self.env.context.get("active_model") == "qms.test" and "test_id" in fields_list:
            res.setdefault("test_id", self.env.context.get("active_id"))
        return res

    @api.depends("test_id")
    def _compute_chart(self):
        for wizard in self:
            if not wizard.chart or not wizard.test_id:
                wizard.chart = wizard.test_id.spc_chart or "imr"

    def action_print(self):
        self.ensure_one()
        return self.env.ref("quality_core.action_report_qms_spc").report_action(
            self.test_id,
            data={
                "product_id": self.product_id.id,
                "chart": self.chart,
                "limit": self.limit,
                "partner_id": self.partner_id.id or None,
            },
        )
