# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    qms_restrict_lot_id = fields.Many2one(
        "stock.lot",
        "Restricted to Lot",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
        help="The only lot this move may reserve and move, e.g. the rejected lot of a return to "
        "the vendor.",
    )

    def _update_reserved_quantity(
        self, need, location_id, lot_id=None, package_id=None, owner_id=None, strict=True
    ):
        # Every reservation goes through here, whether the move reserves from stock or from what
        # its origin moves brought: a restricted move takes its own lot and no other.
        restricted = self.qms_restrict_lot_id
        if restricted:
            if lot_id and lot_id != restricted:
                return 0
            lot_id = restricted
        return super()._update_reserved_quantity(
            need,
            location_id,
            lot_id=lot_id,
            package_id=package_id,
            owner_id=owner_id,
            strict=strict,
        )
