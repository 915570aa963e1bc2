# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MrpProduction(models.Model):
    _name = "mrp.production"
    _inherit = ["mrp.production", "qms.nonconformity.source"]
    _qms_nonconformity_field = "production_id"

    qms_nonconformity_id = fields.Many2one(
        "qms.nonconformity",
        string="Reworks Nonconformity",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The nonconformity whose goods this order reworks.",
    )

    def _qms_nonconformity_defaults(self):
        workorder = self.workorder_ids[:1]
        return {
            **super()._qms_nonconformity_defaults(),
            "product_id": self.product_id.id,
            "lot_id": self.lot_producing_id.id,
            "qty": self.qty_producing or self.product_qty,
            "workcenter_id": workorder.workcenter_id.id,
            "company_id": self.company_id.id,
        }

    def button_mark_done(self):
        res = super().button_mark_done()
        done = self.filtered(lambda p: p.qms_nonconformity_id and p.state == "done")
        if done:
            self.env["qms.nonconformity.disposition"].sudo().search(
                [("production_id", "in", done.ids), ("state", "=", "progress")]
            )._qms_rework_done()
        return res
