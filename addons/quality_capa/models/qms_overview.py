# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

# The nonconformities of the "Open" filter of their search view.
OPEN_STATES = ("draft", "open")


class QmsOverview(models.Model):
    _inherit = "qms.overview"

    nonconformity_open_count = fields.Integer(
        "Open NCRs",
        compute="_compute_nonconformity_open_count",
        help="Nonconformities in draft or open of this operation type (of their inspection, "
        "else of their transfer or manufacturing order) or of this work center.",
    )

    def _compute_nonconformity_open_count(self):
        self._qms_count(
            "qms.nonconformity", "nonconformity_open_count", [("state", "in", OPEN_STATES)]
        )

    def action_view_nonconformities(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "quality_capa.qms_nonconformity_action"
        )
        action["name"] = self.env._("%(card)s: Open Nonconformities", card=self.name)
        action["context"] = {"search_default_open": 1, **self._qms_search_defaults()}
        return action
