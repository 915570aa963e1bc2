# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import create_index

# Depth limit of the recursive walks: far beyond any bill of materials, it only bounds the walk
# around the loops unbuild orders make (a component lot consumed into a finished lot, recovered
# from it by an unbuild and consumed again).
QMS_TRACE_MAX_DEPTH = 50
# Steps followed up `stock.move.move_orig_ids` from a component move to the finished move of the
# manufacturing order that made it (pick components, store finished products, transfers).
QMS_TRACE_MAX_ORIGIN_STEPS = 20
# Side of an edge a walk enters by, and side it leaves by.
WALK_SIDES = {"forward": ("component", "produced"), "backward": ("produced", "component")}


def node_sql(side, alias=None):
    """A node of the genealogy as one integer: the lot id, or minus the manufacturing order id.

    ``side`` is ``component`` or ``produced``; the edge indexes are on these two expressions.
    """
    lot, production = "%s_lot_id" % side, "%s_production_id" % side
    if alias:
        return SQL(
            "COALESCE(%s, -%s)", SQL.identifier(alias, lot), SQL.identifier(alias, production)
        )
    return SQL("COALESCE(%s, -%s)", SQL.identifier(lot), SQL.identifier(production))


class QmsTraceEdge(models.Model):
    """One link of the lot genealogy: material of a component node went into a produced node.

    Maintained from Odoo's own records when manufacturing orders and unbuild orders are done, and
    rebuilt from them by ``_qms_rebuild``. A node is a lot, or a manufacturing order when the
    material has no lot (an untracked intermediate product), so the chain doesn't break there.
    """

    _name = "qms.trace.edge"
    _description = "Lot Genealogy Link"
    _log_access = False
    _order = "id"

    component_lot_id = fields.Many2one(
        "stock.lot",
        ondelete="cascade",
        index="btree_not_null",
        readonly=True,
        help="Lot consumed: the parent when tracing backward.",
    )
    component_production_id = fields.Many2one(
        "mrp.production",
        "Component Order",
        ondelete="cascade",
        index="btree_not_null",
        readonly=True,
        help="Set instead of a component lot when the material consumed has no lot: the "
        "manufacturing order that made that untracked product.",
    )
    produced_lot_id = fields.Many2one(
        "stock.lot",
        ondelete="cascade",
        index="btree_not_null",
        readonly=True,
        help="Lot made (or recovered by an unbuild order) from the component.",
    )
    produced_production_id = fields.Many2one(
        "mrp.production",
        "Produced Order",
        ondelete="cascade",
        index="btree_not_null",
        readonly=True,
        help="Set instead of a produced lot when the product made has no lot: the manufacturing "
        "order itself stands for its untracked output.",
    )
    production_id = fields.Many2one(
        "mrp.production",
        "Manufacturing Order",
        ondelete="cascade",
        index="btree_not_null",
        readonly=True,
        help="Manufacturing order that consumed the component and produced the product.",
    )
    unbuild_id = fields.Many2one(
        "mrp.unbuild",
        "Unbuild Order",
        ondelete="cascade",
        index="btree_not_null",
        readonly=True,
        help="Unbuild order that took the component (the unbuilt lot) apart and recovered the "
        "produced lot.",
    )
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)

    _sql_constraints = [
        (
            "one_component_node",
            "CHECK((component_lot_id IS NULL) != (component_production_id IS NULL))",
            "A genealogy link starts from either a lot or a manufacturing order.",
        ),
        (
            "one_produced_node",
            "CHECK((produced_lot_id IS NULL) != (produced_production_id IS NULL))",
            "A genealogy link ends at either a lot or a manufacturing order.",
        ),
    ]

    def init(self):
        super().init()
        for side in ("component", "produced"):
            create_index(
                self.env.cr,
                "qms_trace_edge_%s_node_idx" % side,
                self._table,
                ["(%s)" % node_sql(side).code],
            )

    @api.depends("component_lot_id", "component_production_id", "produced_lot_id")
    def _compute_display_name(self):
        for edge in self:
            component = edge.component_lot_id or edge.component_production_id
            produced = edge.produced_lot_id or edge.produced_production_id
            edge.display_name = "%s → %s" % (component.display_name, produced.display_name)

    # Maintenance

    @api.model
    def _qms_rebuild(self):
        """Recompute the whole genealogy from the stock moves; return the number of links."""
        self.env.flush_all()
        self.env.cr.execute(SQL("DELETE FROM qms_trace_edge"))
        self.env.cr.execute(self._qms_insert_query())
        count = self.env.cr.rowcount
        self.invalidate_model()
        return count

    @api.model
    def action_qms_rebuild(self):
        """Rebuild the genealogy (Quality Manager) and tell how many links it holds."""
        self.env["qms.protected.mixin"]._qms_check_manager(
            self.browse(), self.env._("rebuild the lot genealogy")
        )
        count = self._qms_rebuild()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("Lot genealogy rebuilt: %(count)s links.", count=count),
            },
        }

    @api.model
    def _qms_refresh(self, productions=None, unbuilds=None):
        """Recompute the links made by these done manufacturing orders and unbuild orders."""
        production_ids = productions.ids if productions else []
        unbuild_ids = unbuilds.ids if unbuilds else []
        if not production_ids and not unbuild_ids:
            return
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                DELETE FROM qms_trace_edge
                 WHERE production_id = ANY(%s::int[]) OR unbuild_id = ANY(%s::int[])
                """,
                production_ids,
                unbuild_ids,
            )
        )
        self.env.cr.execute(self._qms_insert_query(production_ids, unbuild_ids))
        self.invalidate_model()

    @api.model
    def _qms_insert_query(self, production_ids=None, unbuild_ids=None):
        """One ``INSERT ... SELECT`` of the links of the given orders (of all orders if None).

        Manufacturing orders: ``stock_move_line_consume_rel`` holds, for every finished (and
        by-product) move line, the component move lines consumed with it; in each row
        ``consume_line_id`` is the line produced and ``produce_line_id`` the line consumed.
        A produced line without a lot links from the order itself; a consumed line without a lot
        links from the order that made it, found up its move's ``move_orig_ids`` (make-to-order
        chains); without such an order the untracked material can't be traced and is left out.

        Unbuild orders: Odoo 18 only links the by-products taken apart in that table, so the
        links come from the unbuild's own moves: every lot taken apart (moved into production)
        is the component of every lot recovered (moved out of production). An untracked product
        taken apart links from the manufacturing order it was made by.
        """
        if production_ids is None:
            production_filter = unbuild_filter = SQL("TRUE")
        else:
            production_filter = SQL("finished_move.production_id = ANY(%s::int[])", production_ids)
            unbuild_filter = SQL("move.unbuild_id = ANY(%s::int[])", unbuild_ids or [])
        return SQL(
            """
            WITH RECURSIVE production_link AS (
                SELECT finished_move.production_id,
                       finished.lot_id AS produced_lot_id,
                       consumed.lot_id AS component_lot_id,
                       consumed.move_id AS component_move_id,
                       finished.company_id
                  FROM stock_move_line_consume_rel rel
                  JOIN stock_move_line finished ON finished.id = rel.consume_line_id
                  JOIN stock_move finished_move ON finished_move.id = finished.move_id
                  JOIN stock_move_line consumed ON consumed.id = rel.produce_line_id
                 WHERE finished_move.production_id IS NOT NULL
                   AND finished.state = 'done'
                   AND consumed.state = 'done'
                   AND %(production_filter)s
            ), move_origin(start_move_id, move_id, product_id, production_id, steps) AS (
                SELECT move.id, move.id, move.product_id, move.production_id, 0
                  FROM stock_move move
                 WHERE move.id IN (
                        SELECT component_move_id FROM production_link WHERE component_lot_id IS NULL
                       )
                 UNION
                SELECT origin.start_move_id, previous.id, previous.product_id,
                       previous.production_id, origin.steps + 1
                  FROM move_origin origin
                  JOIN stock_move_move_rel rel ON rel.move_dest_id = origin.move_id
                  JOIN stock_move previous ON previous.id = rel.move_orig_id
                 WHERE origin.production_id IS NULL
                   AND origin.steps < %(max_steps)s
                   AND previous.product_id = origin.product_id
                   AND previous.state != 'cancel'
            ), unbuild_line AS (
                SELECT move.unbuild_id,
                       line.lot_id,
                       source.usage = 'production' AS recovered
                  FROM stock_move move
                  JOIN stock_move_line line ON line.move_id = move.id
                  JOIN stock_location source ON source.id = line.location_id
                  JOIN stock_location destination ON destination.id = line.location_dest_id
                 WHERE move.unbuild_id IS NOT NULL
                   AND line.state = 'done'
                   AND (source.usage = 'production') != (destination.usage = 'production')
                   AND %(unbuild_filter)s
            )
            INSERT INTO qms_trace_edge (
                component_lot_id, component_production_id, produced_lot_id,
                produced_production_id, production_id, unbuild_id, company_id
            )
            SELECT link.component_lot_id,
                   CASE WHEN link.component_lot_id IS NULL THEN origin.production_id END,
                   link.produced_lot_id,
                   CASE WHEN link.produced_lot_id IS NULL THEN link.production_id END,
                   link.production_id,
                   NULL::int,
                   link.company_id
              FROM production_link link
              LEFT JOIN move_origin origin
                ON link.component_lot_id IS NULL
               AND origin.start_move_id = link.component_move_id
               AND origin.production_id IS NOT NULL
               AND origin.production_id != link.production_id
             WHERE link.component_lot_id IS NOT NULL OR origin.production_id IS NOT NULL
             UNION
            SELECT taken.lot_id,
                   CASE WHEN taken.lot_id IS NULL THEN unbuild.mo_id END,
                   recovered.lot_id,
                   NULL::int,
                   NULL::int,
                   unbuild.id,
                   unbuild.company_id
              FROM unbuild_line taken
              JOIN unbuild_line recovered
                ON recovered.unbuild_id = taken.unbuild_id
               AND recovered.recovered
               AND recovered.lot_id IS NOT NULL
              JOIN mrp_unbuild unbuild ON unbuild.id = taken.unbuild_id
             WHERE NOT taken.recovered
               AND (taken.lot_id IS NOT NULL OR unbuild.mo_id IS NOT NULL)
            """,
            production_filter=production_filter,
            unbuild_filter=unbuild_filter,
            max_steps=QMS_TRACE_MAX_ORIGIN_STEPS,
        )
