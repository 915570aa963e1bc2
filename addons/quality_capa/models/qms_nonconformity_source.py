# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class QmsNonconformitySource(models.AbstractModel):
    """Records nonconformities are found on (lots, transfers, manufacturing orders, partners):
    a smart button with their count, and a new nonconformity filled in from the record."""

    _name = "qms.nonconformity.source"
    _description = "Record with Nonconformities"
    # The field of qms.nonconformity pointing to the record.
    _qms_nonconformity_field = None

    qms_nonconformity_count = fields.Integer(
        compute="_compute_qms_nonconformity_count",
        string="Nonconformities",
        groups="quality_core.group_qms_user",
    )

    qms_complaint_count = fields.Integer(
        compute="_compute_qms_complaint_count",
        string="Complaints",
        groups="quality_core.group_qms_user",
    )

    def _compute_qms_complaint_count(self):
        field = self._qms_nonconformity_field
        if field not in self.env["qms.complaint"]._fields:
            self.qms_complaint_count = 0
            return
        for record in self:
            record.qms_complaint_count = self.env["qms.complaint"].search_count(
                [(field, "child_of" if self._name == "res.partner" else "=", record.id)]
            )

    def action_qms_view_complaints(self):
        self.ensure_one()
        field = self._qms_nonconformity_field
        action = self.env["ir.actions.act_window"]._for_xml_id("quality_capa.qms_complaint_action")
        action["domain"] = [(field, "child_of" if self._name == "res.partner" else "=", self.id)]
        action["context"] = {"default_%s" % field: self.id}
        return action

    def _qms_nonconformity_domain(self):
        return [(self._qms_nonconformity_field, "in", self.ids)]

    def _compute_qms_nonconformity_count(self):
        counts = dict(
            self.env["qms.nonconformity"]._read_group(
                self._qms_nonconformity_domain(), [self._qms_nonconformity_field], ["__count"]
            )
        )
        for record in self:
            record.qms_nonconformity_count = counts.get(record, 0)

    def _qms_nonconformity_defaults(self):
        """Default values of a nonconformity found on this record."""
        self.ensure_one()
        return {self._qms_nonconformity_field: self.id}

    def action_qms_view_nonconformities(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "quality_capa.qms_nonconformity_action"
        )
        defaults = {
            "default_%s" % name: value for name, value in self._qms_nonconformity_defaults().items()
        }
        action["domain"] = self._qms_nonconformity_domain()
        action["context"] = defaults
        return action
