# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from contextlib import contextmanager

from odoo import api, models
from odoo.tools import SQL

from .qms_trace_edge import QMS_TRACE_MAX_DEPTH, WALK_SIDES, node_sql


class QmsGenealogy(models.AbstractModel):
    """The one reader of the lot genealogy: every trace, recall and export asks it.

    Set-based SQL returning plain data, without access checks (callers check theirs). A node is
    a lot id, or minus the id of a manufacturing order standing for an untracked product.
    "Delivered" has one definition here: done move lines between a customer location and any
    other, of the given companies; a line from a customer location is a return, counted against
    the delivery it returns (``origin_returned_move_id``) or, without one, its own transfer.
    """

    _name = "qms.genealogy"
    _description = "Lot Genealogy Engine"

    @api.model
    def closure(self, lot_ids, direction, company_ids, max_depth=QMS_TRACE_MAX_DEPTH):
        """Nodes reachable from the lots, with their smallest depth, in ``company_ids``.

        Return ``(lots, productions)``: ``{lot_id: (depth, product_id)}`` (the start lots at
        depth 0 whatever their company) and ``{production_id: depth}`` for the manufacturing
        orders met as nodes. One recursive query: ``UNION`` drops the rows already found, so a
        loop only goes round until ``max_depth``.
        """
        here, there = WALK_SIDES[direction]
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                WITH RECURSIVE closure(node, depth) AS (
                    SELECT lot_id, 0 FROM unnest(%(lot_ids)s::int[]) AS lot_id
                     UNION
                    SELECT %(there)s, closure.depth + 1
                      FROM closure
                      JOIN qms_trace_edge edge ON %(here)s = closure.node
                     WHERE closure.depth < %(max_depth)s
                       AND edge.company_id = ANY(%(company_ids)s::int[])
                ), node AS (
                    SELECT node, MIN(depth) AS depth FROM closure GROUP BY node
                )
                SELECT node.node, node.depth, lot.product_id
                  FROM node
                  JOIN stock_lot lot ON lot.id = node.node
                 WHERE node.depth = 0
                    OR lot.company_id IS NULL
                    OR lot.company_id = ANY(%(company_ids)s::int[])
                 UNION ALL
                SELECT -node.node, node.depth, NULL FROM node WHERE node.node < 0
                """,
                lot_ids=list(lot_ids),
                here=node_sql(here, "edge"),
                there=node_sql(there, "edge"),
                max_depth=max_depth,
                company_ids=list(company_ids),
            )
        )
        lots, productions = {}, {}
        for node, depth, product_id in self.env.cr.fetchall():
            if product_id is None:
                productions[node] = depth
            else:
                lots[node] = (depth, product_id)
        return lots, productions

    @api.model
    def links(self, nodes, direction, company_ids):
        """``{node: {node, ...}}``: the genealogy links between ``nodes``, in ``direction``."""
        here, there = WALK_SIDES[direction]
        self.env["qms.trace.edge"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT %(here)s, %(there)s
                  FROM qms_trace_edge edge
                 WHERE %(here)s = ANY(%(nodes)s::int[])
                   AND %(there)s = ANY(%(nodes)s::int[])
                   AND edge.company_id = ANY(%(company_ids)s::int[])
                """,
                here=node_sql(here, "edge"),
                there=node_sql(there, "edge"),
                nodes=list(nodes),
                company_ids=list(company_ids),
            )
        )
        links = defaultdict(set)
        for parent, child in self.env.cr.fetchall():
            links[parent].add(child)
        return links

    def _location_ids(self, usages):
        self.env["stock.location"].flush_model(["usage"])
        self.env.cr.execute(
            SQL("SELECT ARRAY_AGG(id) FROM stock_location WHERE usage = ANY(%s)", list(usages))
        )
        return self.env.cr.fetchone()[0] or []

    @contextmanager
    def _serial_plans(self):
        """Plan the queries inside without parallel workers, until the end of the block.

        Not reset when the block fails: its transaction (or savepoint) is rolled back, and
        ``SET LOCAL`` with it.
        """
        self.env.cr.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        yield
        self.env.cr.execute("SET LOCAL max_parallel_workers_per_gather TO DEFAULT")

    @api.model
    def documents(self, lot_ids, node_production_ids, direction, company_ids):
        """The orders, suppliers, inspections, work centers and operators around the lots.

        Backward, the orders that made the lots; forward, the orders that used them: not the
        other orders that consumed a component, nor the one that made the lot recalled.
        Return a dict of sorted id lists: ``productions``, ``unbuilds``, ``purchase_orders``,
        ``suppliers``, ``inspections``, ``workcenters``, ``operators``.
        """
        self.env.flush_all()
        forward = direction == "forward"
        supplier_location_ids = self._location_ids(("supplier",))
        production_location_ids = self._location_ids(("production",))
        # The lines come through the (lot, location) indexes, the locations passed as ids so
        # that both ends of the indexes narrow the scan (internal transfers, the bulk of the
        # lines, are never read); their moves and orders are joined by primary key. The query
        # is kept plain (no location join, no aggregate): PostgreSQL took longer to plan the
        # aggregates than to run them, and the few hundred rows are sorted out here.
        self.env.cr.execute(
            SQL(
                """
                SELECT line.location_id = ANY(%(supplier_ids)s::int[]),
                       line.location_id = ANY(%(production_ids)s::int[]),
                       line.location_dest_id = ANY(%(production_ids)s::int[]),
                       move.production_id, move.raw_material_production_id, move.unbuild_id,
                       purchase_line.order_id,
                       COALESCE(purchase.partner_id, picking.partner_id, move.partner_id)
                  FROM (
                    SELECT l.location_id, l.location_dest_id, l.move_id
                      FROM stock_move_line l
                     WHERE l.lot_id = ANY(%(lot_ids)s::int[])
                       AND l.state = 'done'
                       AND l.location_id = ANY(%(source_ids)s::int[])
                       AND l.company_id = ANY(%(company_ids)s::int[])
                     UNION
                    SELECT l.location_id, l.location_dest_id, l.move_id
                      FROM stock_move_line l
                     WHERE l.lot_id = ANY(%(lot_ids)s::int[])
                       AND l.state = 'done'
                       AND l.location_dest_id = ANY(%(destination_ids)s::int[])
                       AND l.company_id = ANY(%(company_ids)s::int[])
                  ) line
                  JOIN stock_move move ON move.id = line.move_id
                  LEFT JOIN stock_picking picking ON picking.id = move.picking_id
                  LEFT JOIN purchase_order_line purchase_line
                         ON purchase_line.id = move.purchase_line_id
                  LEFT JOIN purchase_order purchase ON purchase.id = purchase_line.order_id
                """,
                lot_ids=list(lot_ids),
                company_ids=list(company_ids),
                supplier_ids=supplier_location_ids,
                production_ids=production_location_ids,
                source_ids=supplier_location_ids + production_location_ids,
                destination_ids=production_location_ids if forward else [],
            )
        )
        produced_by, consumed_by, recovered_by, taken_apart_by = set(), set(), set(), set()
        purchase_ids, partner_ids = set(), set()
        for (
            from_supplier,
            from_production,
            to_production,
            production_id,
            raw_material_production_id,
            unbuild_id,
            purchase_id,
            partner_id,
        ) in self.env.cr.fetchall():
            if from_production:
                produced_by.add(production_id)
                recovered_by.add(unbuild_id)
            if to_production:
                consumed_by.add(raw_material_production_id)
                taken_apart_by.add(unbuild_id)
            if from_supplier:
                purchase_ids.add(purchase_id)
                partner_ids.add(partner_id)
        if forward:
            production_ids, unbuild_ids = consumed_by, taken_apart_by
        else:
            production_ids, unbuild_ids = produced_by, recovered_by
        production_ids = (production_ids | set(node_production_ids)) - {None}
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
                           ORDER BY productivity.user_id),
                    ARRAY(SELECT DISTINCT commercial_partner_id FROM res_partner
                           WHERE id = ANY(%(partner_ids)s::int[])
                           ORDER BY commercial_partner_id),
                    ARRAY(SELECT id FROM qms_inspection
                           WHERE lot_id = ANY(%(lot_ids)s::int[])
                             AND company_id = ANY(%(company_ids)s::int[])
                             AND state != 'cancel'
                           ORDER BY id)
                """,
                production_ids=sorted(production_ids),
                company_ids=list(company_ids),
                partner_ids=sorted(partner_ids - {None}),
                lot_ids=list(lot_ids),
            )
        )
        production_ids, workcenter_ids, operator_ids, supplier_ids, inspection_ids = (
            self.env.cr.fetchone()
        )
        return {
            "productions": production_ids,
            "unbuilds": sorted(unbuild_ids - {None}),
            "purchase_orders": sorted(purchase_ids - {None}),
            "suppliers": supplier_ids,
            "inspections": inspection_ids,
            "workcenters": workcenter_ids,
            "operators": operator_ids,
        }

    @api.model
    def deliveries(self, lot_ids, company_ids):
        """What went to customers of the lots, per lot, delivery and customer.

        Return a list of dicts ``{lot_id, product_id, picking_id, partner_id, company_id,
        qty_shipped, qty_returned, qty_net, date}`` (quantities in the product's unit, ``date``
        the last shipment, or the last return when nothing was shipped on that delivery),
        ordered by customer, delivery and lot. ``partner_id`` is the commercial partner.
        """
        self.env.flush_all()
        customer_location_ids = self._location_ids(("customer",))
        # The lines come through the (lot, location) indexes; their moves, transfers and the
        # deliveries they return are looked up line by line (LATERAL, kept apart by LIMIT 1 so
        # that PostgreSQL doesn't turn them into hash joins), without parallel workers:
        # PostgreSQL overestimates the lines of many lots a thousandfold and would otherwise
        # start workers or hash every move (10 to 40 ms instead of 0.1 to 2).
        with self._serial_plans():
            self.env.cr.execute(
                SQL(
                    """
                    SELECT line.lot_id, line.product_id, line.company_id, line.date,
                           line.quantity_product_uom, line.returned,
                           COALESCE(line.picking_id, move.picking_id),
                           COALESCE(own.partner_id, move.partner_id),
                           returned.picking_id,
                           COALESCE(returned.partner_id, move.partner_id)
                      FROM (
                        SELECT l.move_id, l.picking_id, l.lot_id, l.product_id, l.company_id,
                               l.date, l.quantity_product_uom, FALSE AS returned
                          FROM stock_move_line l
                         WHERE l.lot_id = ANY(%(lot_ids)s::int[])
                           AND l.state = 'done'
                           AND l.location_dest_id = ANY(%(customer_location_ids)s::int[])
                           AND NOT l.location_id = ANY(%(customer_location_ids)s::int[])
                           AND l.company_id = ANY(%(company_ids)s::int[])
                         UNION ALL
                        SELECT l.move_id, l.picking_id, l.lot_id, l.product_id, l.company_id,
                               l.date, l.quantity_product_uom, TRUE
                          FROM stock_move_line l
                         WHERE l.lot_id = ANY(%(lot_ids)s::int[])
                           AND l.state = 'done'
                           AND l.location_id = ANY(%(customer_location_ids)s::int[])
                           AND NOT l.location_dest_id = ANY(%(customer_location_ids)s::int[])
                           AND l.company_id = ANY(%(company_ids)s::int[])
                      ) line
                     CROSS JOIN LATERAL (
                        SELECT m.picking_id, m.partner_id, m.origin_returned_move_id
                          FROM stock_move m WHERE m.id = line.move_id LIMIT 1
                     ) move
                      LEFT JOIN LATERAL (
                        SELECT picking.partner_id FROM stock_picking picking
                         WHERE picking.id = COALESCE(line.picking_id, move.picking_id) LIMIT 1
                     ) own ON TRUE
                      LEFT JOIN LATERAL (
                        SELECT returned_move.picking_id, picking.partner_id
                          FROM stock_move returned_move
                          LEFT JOIN stock_picking picking ON picking.id = returned_move.picking_id
                         WHERE line.returned AND returned_move.id = move.origin_returned_move_id
                         LIMIT 1
                     ) returned ON TRUE
                    """,
                    lot_ids=list(lot_ids),
                    company_ids=list(company_ids),
                    customer_location_ids=customer_location_ids,
                )
            )
            lines = self.env.cr.fetchall()
        if not lines:
            return []
        partner_ids = {line[7] for line in lines} | {line[9] for line in lines}
        self.env.cr.execute(
            SQL(
                "SELECT id, COALESCE(commercial_partner_id, id) FROM res_partner "
                "WHERE id = ANY(%s::int[])",
                sorted(partner_id for partner_id in partner_ids if partner_id),
            )
        )
        commercial = dict(self.env.cr.fetchall())
        totals = {}
        for (
            lot_id,
            product_id,
            company_id,
            date,
            quantity,
            returned,
            own_picking_id,
            own_partner_id,
            returned_picking_id,
            returned_partner_id,
        ) in lines:
            # A return counts against the delivery it returns; a shipment, its own transfer.
            if returned and returned_picking_id:
                delivery_id, partner_id = returned_picking_id, returned_partner_id
            else:
                delivery_id, partner_id = own_picking_id, own_partner_id
            partner_id = commercial.get(partner_id, partner_id)
            key = (lot_id, product_id, delivery_id or False, partner_id or False, company_id)
            total = totals.setdefault(
                key, {"qty_shipped": 0.0, "qty_returned": 0.0, "shipped_date": None, "date": None}
            )
            total["qty_returned" if returned else "qty_shipped"] += quantity
            total["date"] = max(filter(None, (total["date"], date)))
            if not returned:
                total["shipped_date"] = max(filter(None, (total["shipped_date"], date)))
        deliveries = [
            {
                "lot_id": lot_id,
                "product_id": product_id,
                "picking_id": picking_id,
                "partner_id": partner_id,
                "company_id": company_id,
                "qty_shipped": total["qty_shipped"],
                "qty_returned": total["qty_returned"],
                "qty_net": total["qty_shipped"] - total["qty_returned"],
                "date": total["shipped_date"] or total["date"],
            }
            for (lot_id, product_id, picking_id, partner_id, company_id), total in totals.items()
        ]
        # Ordered by customer, delivery and lot, as before (missing ones last, as in SQL).
        return sorted(
            deliveries,
            key=lambda d: (
                d["partner_id"] is False,
                d["partner_id"] or 0,
                d["picking_id"] is False,
                d["picking_id"] or 0,
                d["lot_id"],
            ),
        )

    @api.model
    def delivered(self, deliveries):
        """``{lot_id: {qty_shipped, qty_returned, qty_net}}``, the sum of ``deliveries``."""
        totals = defaultdict(lambda: dict.fromkeys(("qty_shipped", "qty_returned", "qty_net"), 0.0))
        for delivery in deliveries:
            total = totals[delivery["lot_id"]]
            for key in total:
                total[key] += delivery[key]
        return dict(totals)

    @api.model
    def stock(self, lot_ids, company_ids):
        """The lots in the warehouse (internal and transit locations) of ``company_ids``.

        Return a list of dicts ``{lot_id, product_id, location_id, quantity,
        reserved_quantity}``, one per lot and location holding a positive quantity.
        """
        self.env["stock.quant"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT quant.lot_id, quant.product_id, quant.location_id, SUM(quant.quantity),
                       SUM(quant.reserved_quantity)
                  FROM stock_quant quant
                  JOIN stock_location location ON location.id = quant.location_id
                 WHERE quant.lot_id = ANY(%(lot_ids)s::int[])
                   AND quant.company_id = ANY(%(company_ids)s::int[])
                   AND location.usage IN ('internal', 'transit')
                 GROUP BY quant.lot_id, quant.product_id, quant.location_id
                HAVING SUM(quant.quantity) > 0
                 ORDER BY quant.lot_id, quant.location_id
                """,
                lot_ids=list(lot_ids),
                company_ids=list(company_ids),
            )
        )
        return [
            {
                "lot_id": lot_id,
                "product_id": product_id,
                "location_id": location_id,
                "quantity": quantity,
                "reserved_quantity": reserved,
            }
            for lot_id, product_id, location_id, quantity, reserved in self.env.cr.fetchall()
        ]

    @api.model
    def open_productions(self, lot_ids):
        """Ids of the manufacturing orders not done yet that consume or produce the lots."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                WITH open_production AS (
                    SELECT id, lot_producing_id FROM mrp_production
                     WHERE state NOT IN ('done', 'cancel')
                )
                SELECT mo.id
                  FROM open_production mo
                  JOIN stock_move m ON m.raw_material_production_id = mo.id
                  JOIN stock_move_line ml ON ml.move_id = m.id
                 WHERE ml.lot_id = ANY(%(lots)s::int[])
                 UNION
                SELECT mo.id
                  FROM open_production mo
                  JOIN stock_move m ON m.production_id = mo.id
                  JOIN stock_move_line ml ON ml.move_id = m.id
                 WHERE ml.lot_id = ANY(%(lots)s::int[])
                 UNION
                SELECT mo.id
                  FROM open_production mo
                 WHERE mo.lot_producing_id = ANY(%(lots)s::int[])
                 ORDER BY 1
                """,
                lots=list(lot_ids),
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def origins(self, lot_ids, company_ids):
        """``{lot_id: {...}}``: name, quality status and the document that made the lot (its
        earliest production, unbuild or receipt, with the purchase order)."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                WITH origin_location AS (
                    SELECT id FROM stock_location WHERE usage IN ('supplier', 'production')
                ), origin AS (
                    SELECT DISTINCT ON (line.lot_id)
                           line.lot_id, move.production_id, move.unbuild_id, move.picking_id,
                           purchase_line.order_id AS purchase_id
                      FROM stock_move_line line
                      JOIN stock_move move ON move.id = line.move_id
                      JOIN stock_location source ON source.id = line.location_id
                      LEFT JOIN purchase_order_line purchase_line
                             ON purchase_line.id = move.purchase_line_id
                     WHERE line.lot_id = ANY(%(lot_ids)s::int[])
                       AND line.state = 'done'
                       AND line.company_id = ANY(%(company_ids)s::int[])
                       AND line.location_id IN (SELECT id FROM origin_location)
                       AND ((source.usage = 'production'
                             AND (move.production_id IS NOT NULL
                                  OR move.unbuild_id IS NOT NULL))
                            OR source.usage = 'supplier')
                     ORDER BY line.lot_id, line.date, line.id
                )
                SELECT lot.id, lot.name, lot.qms_state,
                       unbuild.id, unbuild.name, production.id, production.name,
                       purchase.id, purchase.name, receipt.id, receipt.name
                  FROM stock_lot lot
                  LEFT JOIN origin ON origin.lot_id = lot.id
                  LEFT JOIN mrp_unbuild unbuild ON unbuild.id = origin.unbuild_id
                  LEFT JOIN mrp_production production
                         ON production.id = origin.production_id AND origin.unbuild_id IS NULL
                  LEFT JOIN purchase_order purchase ON purchase.id = origin.purchase_id
                  LEFT JOIN stock_picking receipt
                         ON receipt.id = origin.picking_id
                        AND origin.production_id IS NULL
                        AND origin.unbuild_id IS NULL
                 WHERE lot.id = ANY(%(lot_ids)s::int[])
                """,
                lot_ids=list(lot_ids),
                company_ids=list(company_ids),
            )
        )
        origins = {}
        for (
            lot_id,
            name,
            qms_state,
            unbuild_id,
            unbuild_name,
            production_id,
            production_name,
            purchase_id,
            purchase_name,
            receipt_id,
            receipt_name,
        ) in self.env.cr.fetchall():
            origins[lot_id] = {
                "name": name,
                "qms_state": qms_state,
                "origin": " / ".join(
                    filter(None, (unbuild_name, production_name, purchase_name, receipt_name))
                )
                or False,
                "unbuild_id": unbuild_id,
                "production_id": production_id,
                "purchase_id": purchase_id,
                "receipt_id": receipt_id,
            }
        return origins
