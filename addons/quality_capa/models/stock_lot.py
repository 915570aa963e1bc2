# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class StockLot(models.Model):
    _name = "stock.lot"
    _inherit = ["stock.lot", "qms.nonconformity.source"]
    _qms_nonconformity_field = "lot_id"

    def _qms_trace_extra(self, result, lot_ids):
        """A lot trace (quality_trace) lists the nonconformities and complaints of its lots."""
        result = super()._qms_trace_extra(result, lot_ids)
        NonConformity = self.env["qms.nonconformity"].sudo()
        Complaint = self.env["qms.complaint"].sudo()
        domain = [("lot_id", "in", list(lot_ids)), ("company_id", "in", self.env.companies.ids)]
        return {
            **result,
            "nonconformities": NonConformity.search(domain, order="id").ids,
            "complaints": Complaint.search(domain, order="id").ids,
        }

    def _qms_nonconformity_defaults(self):
        return {
            **super()._qms_nonconformity_defaults(),
            "product_id": self.product_id.id,
            "qty": self.product_qty,
        }
