# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.exceptions import AccessError, UserError

from .qms_trace_edge import QMS_TRACE_MAX_DEPTH

TRACE_DIRECTIONS = ("backward", "forward")


class StockLot(models.Model):
    _inherit = "stock.lot"

    def qms_trace(self, direction):
        """Genealogy of the lots (Quality User), over XML-RPC.

        ``direction``: ``backward`` (where the lots came from) or ``forward`` (where they went).
        Return a dict: ``lots`` (``{'lot_id', 'product_id', 'depth'}``, the lots traced at depth 0),
        and lists of ids: ``productions``, ``unbuilds``, ``purchase_orders``, ``suppliers``,
        ``deliveries``, ``customers``, ``inspections``, ``workcenters``, ``operators``.
        Only what belongs to the user's allowed companies is returned.
        """
        if not self.env.su and not self.env.user.has_group("quality_core.group_qms_user"):
            raise AccessError(
                self.env._(
                    "Only Quality users can trace lots %(lots)s.",
                    lots=", ".join(self.mapped("display_name")),
                )
            )
        self._qms_check_direction(direction)
        self.check_access("read")
        return self._qms_trace_data(direction)

    def _qms_check_direction(self, direction):
        if direction not in TRACE_DIRECTIONS:
            raise UserError(
                self.env._(
                    'Can\'t trace lots %(lots)s in direction "%(direction)s": use "backward" '
                    'or "forward".',
                    lots=", ".join(self.mapped("display_name")),
                    direction=direction,
                )
            )

    def _qms_closure(self, direction, max_depth=QMS_TRACE_MAX_DEPTH):
        """Lots reachable from these lots: ``[(lot_id, depth), ...]``, each at its smallest depth.

        The lots themselves come at depth 0. A manufacturing order standing for an untracked
        intermediate product counts as one level. No access check: for the suite's own models.
        """
        self._qms_check_direction(direction)
        lots, _productions = self.env["qms.genealogy"].closure(
            self.ids, direction, self.env.companies.ids, max_depth
        )
        return sorted(
            ((lot_id, depth) for lot_id, (depth, _product) in lots.items()),
            key=lambda lot_depth: (lot_depth[1], lot_depth[0]),
        )

    def _qms_trace_data(self, direction):
        """The dict of ``qms_trace``, without its access checks (recalls, reports).

        ``deliveries`` and ``customers`` are the deliveries that shipped any of the lots, and
        their customers, returned or not (``qms.genealogy.deliveries`` has the quantities).
        """
        self._qms_check_direction(direction)
        genealogy = self.env["qms.genealogy"]
        company_ids = self.env.companies.ids
        lots, node_productions = genealogy.closure(self.ids, direction, company_ids)
        lot_ids = sorted(lots)
        documents = genealogy.documents(lot_ids, node_productions, direction, company_ids)
        deliveries = genealogy.deliveries(lot_ids, company_ids)
        shipped = [delivery for delivery in deliveries if delivery["qty_shipped"]]
        result = {
            "lots": [
                {"lot_id": lot_id, "product_id": product_id, "depth": depth}
                for lot_id, (depth, product_id) in sorted(
                    lots.items(), key=lambda item: (item[1][0], item[0])
                )
            ],
            "productions": documents["productions"],
            "unbuilds": documents["unbuilds"],
            "purchase_orders": documents["purchase_orders"],
            "suppliers": documents["suppliers"],
            "deliveries": sorted(
                {delivery["picking_id"] for delivery in shipped if delivery["picking_id"]}
            ),
            "customers": sorted(
                {delivery["partner_id"] for delivery in shipped if delivery["partner_id"]}
            ),
            "inspections": documents["inspections"],
            "workcenters": documents["workcenters"],
            "operators": documents["operators"],
        }
        return self._qms_trace_extra(result, lot_ids)

    def action_qms_trace(self):
        """Open the traceability tree of the lots, backward (where they came from)."""
        return self.env["qms.trace"]._qms_open_trace(self, "backward")
