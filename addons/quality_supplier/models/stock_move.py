# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class StockMove(models.Model):
    _inherit = "stock.move"

    qms_restrict_lot_id = fields.Many2one(
        "stock.lot",
        "Restricted to Lot",
        readonly=True,
        index="btree_not_null",
        check_company=True,
        help="The only lot this move may reserve and move, e.g. the rejected lot of a return to "
        "the vendor. Kept by the move's backorders; set by the suite, lifted by nobody.",
    )

    def write(self, vals):
        if (
            "qms_restrict_lot_id" in vals
            and not self.env["qms.protected.mixin"]._qms_actions_writing()
        ):
            changed = self.filtered(
                lambda move: (
                    move.qms_restrict_lot_id
                    and move.qms_restrict_lot_id.id != vals["qms_restrict_lot_id"]
                )
            )
            if changed:
                raise UserError(
                    self.env._(
                        "%(moves)s may only move the lot the quality loop gave them "
                        "(%(lots)s): that restriction can't be lifted or changed.",
                        moves=", ".join(
                            move.picking_id.name or move.display_name for move in changed.sudo()
                        ),
                        lots=", ".join(changed.sudo().qms_restrict_lot_id.mapped("name")),
                    )
                )
        return super().write(vals)

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
