# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class StockLocation(models.Model):
    _inherit = "stock.location"

    qms_quarantine = fields.Boolean(
        "Quarantine Location",
        help="Lots on quality hold may be moved here (they may always go to scrap or back to the "
        "vendor). Move to Quarantine, on the lots on hold, moves them to the first quarantine "
        "location of their warehouse.",
    )

    def _qms_accepts_held_lots(self):
        """Whether lots on quality hold may be moved into this location."""
        self.ensure_one()
        return self.usage in ("supplier", "inventory") or self.scrap_location or self.qms_quarantine

    def _qms_keeps_held_lots_from(self, destination):
        """Whether lots on hold here may not go to ``destination``: that would reserve, consume
        or deliver them (only scrap, the vendor and quarantine locations take them)."""
        return self.usage in ("internal", "transit") and not (
            destination and destination._qms_accepts_held_lots()
        )

    @api.model
    def _qms_quarantine_location(self, warehouse):
        """The quarantine location of ``warehouse`` that held lots are moved to (the first one)."""
        if not warehouse:
            return self.browse()
        return self.search(
            [
                ("warehouse_id", "=", warehouse.id),
                ("usage", "=", "internal"),
                ("qms_quarantine", "=", True),
            ],
            order="complete_name, id",
            limit=1,
        )
