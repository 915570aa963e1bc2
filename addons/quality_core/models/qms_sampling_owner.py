# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .qms_sampling_state import SEVERITIES, SEVERITY_RANK


class QmsSamplingOwner(models.AbstractModel):
    """The worst sampling severity of a product or a partner, and the button to its states."""

    _name = "qms.sampling.owner"
    _description = "Quality Sampling Severity Shown on a Record"
    # Field of qms.sampling.state that points to the records of the inheriting model.
    _qms_sampling_domain_field = None

    qms_sampling_severity = fields.Selection(
        SEVERITIES,
        "Sampling Severity",
        compute="_compute_qms_sampling_severity",
        groups="quality_core.group_qms_user",
        help="The strictest severity of the switching rules (ISO 2859-1) at the control points "
        "that sample it.",
    )

    def _qms_sampling_domain(self):
        return [(self._qms_sampling_domain_field, "in", self.ids)]

    def _qms_sampling_key(self, state):
        return state[self._qms_sampling_domain_field]

    def _compute_qms_sampling_severity(self):
        worst = {}
        states = self.env["qms.sampling.state"].search(self._qms_sampling_domain())
        for state in states:
            record = self._qms_sampling_key(state)
            rank = SEVERITY_RANK.index(state.severity)
            if record not in worst or rank < SEVERITY_RANK.index(worst[record]):
                worst[record] = state.severity
        for record in self:
            record.qms_sampling_severity = worst.get(record._qms_sampling_own_key(), False)

    def _qms_sampling_own_key(self):
        return self

    def action_qms_open_sampling_states(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "quality_core.qms_sampling_state_action"
        )
        action["domain"] = self._qms_sampling_domain()
        return action


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "qms.sampling.owner"]
    _qms_sampling_domain_field = "partner_id"

    def _qms_sampling_domain(self):
        return [("partner_id", "in", self.commercial_partner_id.ids)]

    def _qms_sampling_key(self, state):
        return state.partner_id

    def _qms_sampling_own_key(self):
        return self.commercial_partner_id


class ProductTemplate(models.Model):
    _name = "product.template"
    _inherit = ["product.template", "qms.sampling.owner"]
    _qms_sampling_domain_field = "product_id"

    def _qms_sampling_domain(self):
        return [("product_id.product_tmpl_id", "in", self.ids)]

    def _qms_sampling_key(self, state):
        return state.product_id.product_tmpl_id
