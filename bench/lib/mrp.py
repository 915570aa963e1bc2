# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Done manufacturing orders as ``button_mark_done`` leaves them: the order, one move per
component lot set and the finished move with their done lines (every finished line linked to
every consumed line, as ``_post_inventory`` does), one done work order with its calendar leave
and its operator's time log."""

from datetime import timedelta

# The columns of stock_move and stock_move_line a manufacturing order's moves need besides
# those of ``stock.Transfers`` (a generator passes them as its move_columns / line_columns).
MOVE_COLUMNS = [
    "location_id",
    "location_dest_id",
    "picking_type_id",
    "warehouse_id",
    "unit_factor",
    "propagate_cancel",
    "raw_material_production_id",
    "production_id",
    "bom_line_id",
    "order_finished_lot_id",
    "cost_share",
]
LINE_COLUMNS = ["production_id"]
FLUSH_ORDER = (
    "mrp_production",
    "resource_calendar_leaves",
    "mrp_workorder",
    "mrp_workcenter_productivity",
)


def expected_minutes(operation, quantity):
    """The work order's expected duration for ``quantity`` units."""
    return round(operation.time_cycle_manual * quantity, 2)


def started_before(done, expected, factor):
    """When an order done at ``done`` started: ``factor`` times its expected minutes before."""
    return done - timedelta(seconds=int(expected * 60 * factor))


class Productions:
    """Done manufacturing orders of ``warehouse`` written through a ``writer.Writer`` and the
    moves and lines of ``transfers`` (a ``stock.Transfers`` with ``MOVE_COLUMNS`` and
    ``LINE_COLUMNS``)."""

    def __init__(self, writer, transfers, company, warehouse, unit_id, production_loc):
        self.take, self.transfers = writer.take, transfers
        self.warehouse, self.stock_loc, self.production_loc = (
            warehouse,
            warehouse.lot_stock_id.id,
            production_loc,
        )
        by = {"create_uid": writer.uid, "write_uid": writer.uid}
        table = writer.table
        self.productions = table(
            "mrp_production",
            [
                "id",
                "name",
                "product_id",
                "lot_producing_id",
                "bom_id",
                "user_id",
                "product_qty",
                "qty_producing",
                "product_uom_qty",
                "date_start",
                "date_finished",
                "create_date",
                "write_date",
            ],
            model="mrp.production",
            constants={
                "product_uom_id": unit_id,
                "company_id": company.id,
                "picking_type_id": warehouse.manu_type_id.id,
                "location_src_id": self.stock_loc,
                "location_dest_id": self.stock_loc,
                "production_location_id": production_loc,
                "state": "done",
                "backorder_sequence": 0,
                "priority": "0",
                "consumption": "warning",
                "is_locked": True,
                "is_planned": True,
                **by,
            },
        )
        self.consume_rel = table(
            "stock_move_line_consume_rel", ["consume_line_id", "produce_line_id"]
        )
        self.workorders = table(
            "mrp_workorder",
            [
                "id",
                "name",
                "workcenter_id",
                "product_id",
                "production_id",
                "operation_id",
                "leave_id",
                "barcode",
                "qty_produced",
                "duration_expected",
                "duration",
                "duration_unit",
                "duration_percent",
                "costs_hour",
                "date_start",
                "date_finished",
                "production_date",
                "create_date",
                "write_date",
            ],
            model="mrp.workorder",
            constants={"product_uom_id": unit_id, "state": "done", "sequence": 100, **by},
        )
        self.time_logs = table(
            "mrp_workcenter_productivity",
            [
                "id",
                "workcenter_id",
                "workorder_id",
                "user_id",
                "description",
                "date_start",
                "date_end",
                "duration",
                "create_date",
                "write_date",
            ],
            model="mrp.workcenter.productivity",
            constants={
                "company_id": company.id,
                "loss_id": writer.env.ref("mrp.block_reason7").id,
                "loss_type": "productive",
                **by,
            },
        )
        self.leaves = table(
            "resource_calendar_leaves",
            [
                "id",
                "name",
                "calendar_id",
                "resource_id",
                "date_from",
                "date_to",
                "create_date",
                "write_date",
            ],
            constants={"company_id": company.id, "time_type": "other", **by},
        )

    def done_order(self, order, components):
        """Write the done order described by ``order`` (a dict: id, name, product, lot, bom,
        operator, qty, started, done, expected, operation, workcenter) consuming
        ``components``: (bom line id, component product, [(lot id, quantity), ...]) per line of
        its bill of materials."""
        q, started, done = order["qty"], order["started"], order["done"]
        self.productions.add(
            order["id"],
            order["name"],
            order["product"].id,
            order["lot"],
            order["bom"].id,
            order["operator"].id,
            q,
            q,
            q,
            started,
            done,
            started,
            done,
        )
        consumed = [
            line
            for bom_line_id, component, lots in components
            for line in self._consume(order, bom_line_id, component, lots)
        ]
        finished = self._produce(order)
        for line in consumed:
            self.consume_rel.add(finished, line)
        self._work_order(order)

    def _move(self, order, product, quantity, source, dest, **values):
        """A done move of the order, created when it started."""
        name = order["name"]
        return self.transfers.move(
            product,
            quantity,
            source,
            dest,
            order["done"],
            name=name,
            reference=name,
            origin=name,
            picking_type_id=self.warehouse.manu_type_id.id,
            warehouse_id=self.warehouse.id,
            propagate_cancel=False,
            create_date=order["started"],
            write_date=order["done"],
            **values,
        )

    def _line(self, order, move, product, lot, source, dest, quantity, **values):
        return self.transfers.line(
            move,
            product,
            lot,
            source,
            dest,
            order["name"],
            quantity,
            order["done"],
            order["started"],
            **values,
        )

    def _consume(self, order, bom_line_id, component, lots):
        """The move of one BOM line (one or more lots of the component); returns its lines."""
        total = sum(quantity for _lot, quantity in lots)
        # unit_factor as _compute_unit_factor leaves it on a done order: qty / 1
        move = self._move(
            order,
            component,
            total,
            self.stock_loc,
            self.production_loc,
            sequence=1,
            unit_factor=total,
            raw_material_production_id=order["id"],
            bom_line_id=bom_line_id,
            order_finished_lot_id=order["lot"],
        )
        return [
            self._line(
                order,
                move,
                component,
                lot,
                self.stock_loc,
                self.production_loc,
                quantity,
                production_id=order["id"],
            )
            for lot, quantity in lots
        ]

    def _produce(self, order):
        """The finished move and its line (the lot made); returns the line."""
        product, q = order["product"], order["qty"]
        move = self._move(
            order,
            product,
            q,
            self.production_loc,
            self.stock_loc,
            sequence=10,
            unit_factor=q,
            production_id=order["id"],
            cost_share=0.0,
        )
        return self._line(
            order, move, product, order["lot"], self.production_loc, self.stock_loc, q
        )

    def _work_order(self, order):
        """The done work order of the order's operation, its calendar leave and the time log
        of its operator."""
        q, operation, workcenter = order["qty"], order["operation"], order["workcenter"]
        started, done = order["started"], order["done"]
        expected = order["expected"]
        minutes = round((done - started).total_seconds() / 60.0, 2)
        wo = self.take("mrp_workorder")
        leave = self.take("resource_calendar_leaves")
        self.leaves.add(
            leave,
            "%s - %s" % (order["name"], operation.name),
            workcenter.resource_calendar_id.id,
            workcenter.resource_id.id,
            started,
            done,
            started,
            done,
        )
        percent = int(100 * (expected - minutes) / expected) if expected else 0  # Integer field
        self.workorders.add(
            wo,
            operation.name,
            workcenter.id,
            order["product"].id,
            order["id"],
            operation.id,
            leave,
            "%s/%d" % (order["name"], wo),
            q,
            expected,
            minutes,
            round(minutes / max(q, 1.0), 2),
            percent,
            workcenter.costs_hour,
            started,
            done,
            started,
            started,
            done,
        )
        operator = order["operator"]
        self.time_logs.add(
            self.take("mrp_workcenter_productivity"),
            workcenter.id,
            wo,
            operator.id,
            "Time Tracking: %s" % operator.name,
            started,
            done,
            minutes,
            started,
            done,
        )
