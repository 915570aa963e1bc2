# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class StockLocation(models.Model):
    _inherit = "stock.location"

    qms_quarantine = fields.Boolean(
        "Quarantine Location",
        help="Lots on quality hold may be moved here (they may always go to scrap or back to the "
        "vendor).",
    )

    def _qms_accepts_held_lots(self):
        """Whether lots on quality hold may be moved into this location."""
        self.ensure_one()
        return self.usage in ("supplier", "inventory") or self.scrap_location or self.qms_quarantine
