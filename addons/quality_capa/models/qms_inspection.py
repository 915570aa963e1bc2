# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class QmsInspection(models.Model):
    _inherit = "qms.inspection"

    nonconformity_ids = fields.One2many(
        "qms.nonconformity", "inspection_id", string="Nonconformities"
    )
    nonconformity_count = fields.Integer(compute="_compute_nonconformity_count")

    def _compute_nonconformity_count(self):
        counts = dict(
            self.env["qms.nonconformity"]._read_group(
                [("inspection_id", "in", self.ids)], ["inspection_id"], ["__count"]
            )
        )
        for inspection in self:
            inspection.nonconformity_count = counts.get(inspection, 0)

    def action_qms_create_nonconformity(self):
        """Open a nonconformity for each rejected inspection, or keep the one it has.

        Returns the ids of the nonconformities (one per inspection). Called by the shipped
        automation rule on a rejection, and by the button.
        """
        NonConformity = self.env["qms.nonconformity"]
        ids = []
        for inspection in self:
            existing = NonConformity.search(
                [("inspection_id", "=", inspection.id), ("state", "!=", "cancel")], limit=1
            )
            if existing:
                ids.append(existing.id)
                continue
            vals = NonConformity._qms_values_from_inspection(inspection)
            vals["description"] = self.env._(
                "<p>Rejected by inspection %(inspection)s: %(tests)s.</p>",
                inspection=inspection.name,
                tests=", ".join(
                    inspection.line_ids.filtered(lambda line: line.result == "fail").mapped("name")
                )
                or self.env._("defective units found in the sample"),
            )
            ncr = NonConformity.sudo().with_company(inspection.company_id).create(vals)
            ncr.action_confirm()
            ids.append(ncr.id)
        self.invalidate_recordset(["nonconformity_ids", "nonconformity_count"])
        return ids

    def action_view_nonconformities(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "quality_capa.qms_nonconformity_action"
        )
        action["domain"] = [("inspection_id", "=", self.id)]
        action["context"] = {"default_inspection_id": self.id}
        return action
