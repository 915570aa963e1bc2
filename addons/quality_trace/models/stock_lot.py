# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

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
        lots, _productions = self.env["qms.trace.edge"]._qms_walk(self.ids, direction, max_depth)
        return sorted(
            ((lot_id, depth) for lot_id, (depth, _product) in lots.items()),
            key=lambda lot_depth: (lot_depth[1], lot_depth[0]),
        )

    def _qms_trace_data(self, direction):
        """The dict of ``qms_trace``, without its access checks (recalls, reports)."""
        self._qms_check_direction(direction)
        lots, node_productions = self.env["qms.trace.edge"]._qms_walk(self.ids, direction)
        lot_ids = sorted(lots)
        company_ids = self.env.companies.ids
        # Done move lines of the lots from suppliers and production (where they were received,
        # made or recovered) and to customers (and, forward, to production: the orders that
        # used them). Locations are passed as ids so that both ends of the (lot, location)
        # indexes narrow the scan; internal transfers, the bulk of the lines, are never read.
        self.env.cr.execute(
            SQL(
                """
                SELECT ARRAY_AGG(id) FILTER (WHERE usage IN ('supplier', 'production')),
                       ARRAY_AGG(id) FILTER (WHERE usage = 'customer'
                                                OR (usage = 'production' AND %(forward)s))
                  FROM stock_location
                 WHERE usage IN ('supplier', 'customer', 'production')
                """,
                forward=direction == "forward",
            )
        )
        source_location_ids, destination_location_ids = self.env.cr.fetchone()
        self.env.cr.execute(
            SQL(
                """
                WITH boundary_line AS (
                    SELECT line.location_id, line.location_dest_id, line.move_id
                      FROM stock_move_line line
                     WHERE line.lot_id = ANY(%(lot_ids)s::int[])
                       AND line.state = 'done'
                       AND line.location_id = ANY(%(source_location_ids)s::int[])
                       AND line.company_id = ANY(%(company_ids)s::int[])
                     UNION
                    SELECT line.location_id, line.location_dest_id, line.move_id
                      FROM stock_move_line line
                     WHERE line.lot_id = ANY(%(lot_ids)s::int[])
                       AND line.state = 'done'
                       AND line.location_dest_id = ANY(%(destination_location_ids)s::int[])
                       AND line.company_id = ANY(%(company_ids)s::int[])
                ), line AS (
                    SELECT source.usage AS source_usage,
                           destination.usage AS destination_usage,
                           move.production_id,
                           move.raw_material_production_id,
                           move.unbuild_id,
                           move.picking_id,
                           purchase_line.order_id AS purchase_id,
                           COALESCE(purchase.partner_id, picking.partner_id, move.partner_id)
                               AS partner_id
                      FROM boundary_line line
                      JOIN stock_move move ON move.id = line.move_id
                      JOIN stock_location source ON source.id = line.location_id
                      JOIN stock_location destination ON destination.id = line.location_dest_id
                      LEFT JOIN stock_picking picking ON picking.id = move.picking_id
                      LEFT JOIN purchase_order_line purchase_line
                             ON purchase_line.id = move.purchase_line_id
                      LEFT JOIN purchase_order purchase ON purchase.id = purchase_line.order_id
                )
                SELECT
                    ARRAY(SELECT DISTINCT production_id FROM line
                           WHERE source_usage = 'production' AND production_id IS NOT NULL),
                    ARRAY(SELECT DISTINCT raw_material_production_id FROM line
                           WHERE destination_usage = 'production'
                             AND raw_material_production_id IS NOT NULL),
                    ARRAY(SELECT DISTINCT unbuild_id FROM line
                           WHERE source_usage = 'production' AND unbuild_id IS NOT NULL),
                    ARRAY(SELECT DISTINCT unbuild_id FROM line
                           WHERE destination_usage = 'production' AND unbuild_id IS NOT NULL),
                    ARRAY(SELECT DISTINCT purchase_id FROM line
                           WHERE source_usage = 'supplier' AND purchase_id IS NOT NULL
                           ORDER BY purchase_id),
                    ARRAY(SELECT DISTINCT partner.commercial_partner_id
                            FROM line JOIN res_partner partner ON partner.id = line.partner_id
                           WHERE line.source_usage = 'supplier'
                           ORDER BY partner.commercial_partner_id),
                    ARRAY(SELECT DISTINCT picking_id FROM line
                           WHERE destination_usage = 'customer' AND picking_id IS NOT NULL
                           ORDER BY picking_id),
                    ARRAY(SELECT DISTINCT partner.commercial_partner_id
                            FROM line JOIN res_partner partner ON partner.id = line.partner_id
                           WHERE line.destination_usage = 'customer'
                           ORDER BY partner.commercial_partner_id),
                    ARRAY(SELECT id FROM qms_inspection
                           WHERE lot_id = ANY(%(lot_ids)s::int[])
                             AND company_id = ANY(%(company_ids)s::int[])
                             AND state != 'cancel'
                           ORDER BY id)
                """,
                lot_ids=lot_ids,
                company_ids=company_ids,
                source_location_ids=source_location_ids or [],
                destination_location_ids=destination_location_ids or [],
            )
        )
        (
            produced_by,
            consumed_by,
            recovered_by,
            taken_apart_by,
            purchase_ids,
            supplier_ids,
            delivery_ids,
            customer_ids,
            inspection_ids,
        ) = self.env.cr.fetchone()
        # Backward, the orders that made the lots; forward, the orders that used them: not the
        # other orders that consumed a component, nor the one that made the lot recalled.
        if direction == "backward":
            production_ids, unbuild_ids = set(produced_by), recovered_by
        else:
            production_ids, unbuild_ids = set(consumed_by), taken_apart_by
        production_ids.update(node_productions)
        self.env.cr.execute(
            SQL(
                """
                WITH production AS (
                    SELECT id FROM mrp_production
                     WHERE id = ANY(%(production_ids)s::int[])
                       AND company_id = ANY(%(company_ids)s::int[])
                )
                SELECT
                    ARRAY(SELECT id FROM production ORDER BY id),
                    ARRAY(SELECT DISTINCT workorder.workcenter_id
                            FROM mrp_workorder workorder
                            JOIN production ON production.id = workorder.production_id
                           ORDER BY workorder.workcenter_id),
                    ARRAY(SELECT DISTINCT productivity.user_id
                            FROM mrp_workcenter_productivity productivity
                            JOIN mrp_workorder workorder ON workorder.id = productivity.workorder_id
                            JOIN production ON production.id = workorder.production_id
                           WHERE productivity.user_id IS NOT NULL
                           ORDER BY productivity.user_id)
                """,
                production_ids=sorted(production_ids),
                company_ids=company_ids,
            )
        )
        production_ids, workcenter_ids, operator_ids = self.env.cr.fetchone()
        result = {
            "lots": [
                {"lot_id": lot_id, "product_id": product_id, "depth": depth}
                for lot_id, (depth, product_id) in sorted(
                    lots.items(), key=lambda item: (item[1][0], item[0])
                )
            ],
            "productions": production_ids,
            "unbuilds": sorted(unbuild_ids),
            "purchase_orders": purchase_ids,
            "suppliers": supplier_ids,
            "deliveries": delivery_ids,
            "customers": customer_ids,
            "inspections": inspection_ids,
            "workcenters": workcenter_ids,
            "operators": operator_ids,
        }
        return self._qms_trace_extra(result, lot_ids)

    def _qms_trace_extra(self, result, lot_ids):
        """Hook for modules adding to a trace (``nonconformities``): return ``result``.

        ``lot_ids`` are all the lots traced, within the allowed companies.
        """
        return result

    def action_qms_trace(self):
        """Open the traceability tree of the lots, backward (where they came from)."""
        return self.env["qms.trace"]._qms_open_trace(self, "backward")
