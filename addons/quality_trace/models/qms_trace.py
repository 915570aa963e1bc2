# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import depth_first, spread_depths

# Nodes shown in a trace: a larger tree is cut in depth-first order and the form says so. The
# summary counts and the documents it opens always cover the whole trace.
QMS_TRACE_MAX_LINES = 5000
# Start lots named in the title of a trace.
QMS_TRACE_TITLE_LOTS = 3


class QmsTrace(models.TransientModel):
    """The genealogy of lots as an indented tree, with the documents met on the way.

    Computed from one call of ``stock.lot._qms_trace_data`` and the genealogy engine
    (``qms.genealogy``): the same figures a recall of the same lots shows.
    """

    _name = "qms.trace"
    _inherit = ["qms.xlsx.mixin"]
    _description = "Traceability"

    lot_ids = fields.Many2many(
        "stock.lot",
        "qms_trace_start_lot_rel",
        "trace_id",
        "lot_id",
        "Start Lots",
        help="Lots the tree starts from, at depth 0.",
    )
    direction = fields.Selection(
        [("backward", "Backward (where it came from)"), ("forward", "Forward (where it went)")],
        required=True,
        default="backward",
    )
    line_ids = fields.One2many("qms.trace.line", "trace_id", "Tree", readonly=True)
    date_traced = fields.Datetime("Traced on", readonly=True)
    node_count = fields.Integer(
        "Nodes",
        readonly=True,
        help="Lots, and orders standing for untracked products, in the whole trace.",
    )
    line_count = fields.Integer(compute="_compute_line_count")
    truncated = fields.Boolean(compute="_compute_line_count")
    trace_lot_ids = fields.Many2many(
        "stock.lot", "qms_trace_lot_rel", "trace_id", "lot_id", "Lots Traced", readonly=True
    )
    production_ids = fields.Many2many(
        "mrp.production",
        "qms_trace_production_rel",
        "trace_id",
        "production_id",
        "Manufacturing Orders",
        readonly=True,
    )
    unbuild_ids = fields.Many2many(
        "mrp.unbuild",
        "qms_trace_unbuild_rel",
        "trace_id",
        "unbuild_id",
        "Unbuild Orders",
        readonly=True,
        groups="mrp.group_mrp_user",
    )
    purchase_order_ids = fields.Many2many(
        "purchase.order",
        "qms_trace_purchase_order_rel",
        "trace_id",
        "purchase_id",
        "Purchase Orders",
        readonly=True,
    )
    supplier_ids = fields.Many2many(
        "res.partner",
        "qms_trace_supplier_rel",
        "trace_id",
        "partner_id",
        "Suppliers",
        readonly=True,
    )
    delivery_ids = fields.Many2many(
        "stock.picking",
        "qms_trace_delivery_rel",
        "trace_id",
        "picking_id",
        "Deliveries",
        readonly=True,
    )
    customer_ids = fields.Many2many(
        "res.partner",
        "qms_trace_customer_rel",
        "trace_id",
        "partner_id",
        "Customers",
        readonly=True,
    )
    inspection_ids = fields.Many2many(
        "qms.inspection",
        "qms_trace_inspection_rel",
        "trace_id",
        "inspection_id",
        "Inspections",
        readonly=True,
    )
    lot_count = fields.Integer(compute="_compute_counts")
    production_count = fields.Integer(compute="_compute_counts")
    unbuild_count = fields.Integer(compute="_compute_unbuild_count", groups="mrp.group_mrp_user")
    purchase_order_count = fields.Integer(compute="_compute_counts")
    supplier_count = fields.Integer(compute="_compute_counts")
    delivery_count = fields.Integer(compute="_compute_counts")
    customer_count = fields.Integer(compute="_compute_counts")
    inspection_count = fields.Integer(compute="_compute_counts")

    @api.depends("lot_ids", "direction")
    def _compute_display_name(self):
        for trace in self:
            names = trace.lot_ids[:QMS_TRACE_TITLE_LOTS].mapped("display_name")
            if len(trace.lot_ids) > QMS_TRACE_TITLE_LOTS:
                names.append("…")
            if not names:
                trace.display_name = self.env._("New Trace")
            elif trace.direction == "forward":
                trace.display_name = self.env._("Forward trace of %(lots)s", lots=", ".join(names))
            else:
                trace.display_name = self.env._("Backward trace of %(lots)s", lots=", ".join(names))

    @api.depends("line_ids", "node_count")
    def _compute_line_count(self):
        for trace in self:
            trace.line_count = len(trace.line_ids)
            trace.truncated = trace.node_count > trace.line_count

    @api.depends(
        "trace_lot_ids",
        "production_ids",
        "purchase_order_ids",
        "supplier_ids",
        "delivery_ids",
        "customer_ids",
        "inspection_ids",
    )
    def _compute_counts(self):
        for trace in self:
            trace.lot_count = len(trace.trace_lot_ids)
            trace.production_count = len(trace.production_ids)
            trace.purchase_order_count = len(trace.purchase_order_ids)
            trace.supplier_count = len(trace.supplier_ids)
            trace.delivery_count = len(trace.delivery_ids)
            trace.customer_count = len(trace.customer_ids)
            trace.inspection_count = len(trace.inspection_ids)

    @api.depends("unbuild_ids")
    def _compute_unbuild_count(self):
        for trace in self:
            trace.unbuild_count = len(trace.unbuild_ids)

    # Entry points

    @api.model
    def _qms_open_trace(self, lots, direction):
        """Trace ``lots`` in ``direction`` and return the action opening the trace."""
        trace = self.create({"lot_ids": [Command.set(lots.ids)], "direction": direction})
        trace._qms_compute()
        return trace._qms_action_form()

    def _qms_action_form(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Traceability"),
            "res_model": self._name,
            "res_id": self.id,
            "views": [(self.env.ref("quality_trace.qms_trace_view_form").id, "form")],
            "target": "current",
        }

    # Buttons

    def action_trace_backward(self):
        """Recompute the tree toward the components, purchase orders and suppliers."""
        self.direction = "backward"
        self._qms_compute()
        return True

    def action_trace_forward(self):
        """Recompute the tree toward the finished lots, deliveries and customers."""
        self.direction = "forward"
        self._qms_compute()
        return True

    def action_open_lines(self):
        """The nodes as a plain list, for Odoo's own export, filters and grouping."""
        self.env["qms.protected.mixin"]._qms_check_single(
            self, self.env._("Listing the nodes of a traceability")
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.display_name,
            "res_model": "qms.trace.line",
            "views": [
                (self.env.ref("quality_trace.qms_trace_line_view_list").id, "list"),
                (self.env.ref("quality_trace.qms_trace_line_view_form").id, "form"),
            ],
            "search_view_id": [self.env.ref("quality_trace.qms_trace_line_view_search").id],
            "domain": [("trace_id", "=", self.id)],
            "context": {"create": False, "edit": False, "delete": False},
            "target": "current",
        }

    def action_start_recall(self):
        """A recall of the start lots, computed forward, opened on its form."""
        self.env["qms.protected.mixin"]._qms_check_single(
            self, self.env._("Starting a recall from a traceability")
        )
        self._qms_check_lots()
        recall = self.env["qms.recall"].create(
            {
                "lot_ids": [Command.set(self.lot_ids.ids)],
                "company_id": (self.lot_ids.company_id[:1] or self.env.company).id,
                "description": self.env._(
                    "Started from the traceability of %(lots)s.",
                    lots=", ".join(self.lot_ids.mapped("display_name")),
                ),
            }
        )
        recall.action_compute()
        return {
            "type": "ir.actions.act_window",
            "res_model": "qms.recall",
            "res_id": recall.id,
            "views": [(False, "form")],
            "target": "current",
        }

    def _qms_action_documents(self, records, name):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": records._name,
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", records.ids)],
            "context": {"create": False},
            "target": "current",
        }

    def action_open_lots(self):
        return self._qms_action_documents(self.trace_lot_ids, self.env._("Lots Traced"))

    def action_open_productions(self):
        return self._qms_action_documents(self.production_ids, self.env._("Manufacturing Orders"))

    def action_open_unbuilds(self):
        return self._qms_action_documents(self.unbuild_ids, self.env._("Unbuild Orders"))

    def action_open_purchase_orders(self):
        return self._qms_action_documents(self.purchase_order_ids, self.env._("Purchase Orders"))

    def action_open_suppliers(self):
        return self._qms_action_documents(self.supplier_ids, self.env._("Suppliers"))

    def action_open_deliveries(self):
        return self._qms_action_documents(self.delivery_ids, self.env._("Deliveries"))

    def action_open_customers(self):
        return self._qms_action_documents(self.customer_ids, self.env._("Customers"))

    def action_open_inspections(self):
        return self._qms_action_documents(self.inspection_ids, self.env._("Inspections"))

    def action_export_xlsx(self):
        """The tree as an XLSX file: one row per node, in tree order."""
        self.env["qms.protected.mixin"]._qms_check_single(
            self, self.env._("Exporting a traceability")
        )
        states = dict(self.line_ids._fields["qms_state"]._description_selection(self.env))
        return self._qms_xlsx_download(
            "%s-%s" % (self.env._("Traceability"), "-".join(self.lot_ids.mapped("name"))),
            self.env._("Traceability"),
            [
                self.env._("Depth"),
                self.env._("Tree"),
                self.env._("Lot/Serial Number"),
                self.env._("Product"),
                self.env._("On Hand"),
                self.env._("Delivered"),
                self.env._("Unit"),
                self.env._("Origin"),
                self.env._("Quality Status"),
                self.env._("Inspections"),
            ],
            (
                [
                    line.depth,
                    line.name,
                    line.lot_id.name or "",
                    line.product_id.display_name or "",
                    line.qty_on_hand,
                    line.qty_delivered,
                    line.product_uom_id.name or "",
                    line.origin or "",
                    states.get(line.qms_state, ""),
                    line.inspection_count,
                ]
                for line in self.line_ids
            ),
            widths=(8, 30, 30, 30, 12, 12, 12, 24, 24, 12),
        )

    def _qms_check_lots(self):
        for trace in self:
            if not trace.lot_ids:
                raise UserError(self.env._("Pick the lots to trace first."))

    def _qms_compute(self):
        """Rebuild the tree and the summary of each trace from the genealogy as it is now."""
        self._qms_check_lots()
        for trace in self:
            lots = trace.lot_ids
            lots.check_access("read")
            data = lots._qms_trace_data(trace.direction)
            tree = trace._qms_tree(data)
            trace.line_ids.unlink()
            self.env["qms.trace.line"].create(
                trace._qms_line_vals(tree[:QMS_TRACE_MAX_LINES], data)
            )
            trace.write(
                {
                    "date_traced": fields.Datetime.now(),
                    "node_count": len(tree),
                    "trace_lot_ids": [Command.set([lot["lot_id"] for lot in data["lots"]])],
                    "production_ids": [Command.set(data["productions"])],
                    "purchase_order_ids": [Command.set(data["purchase_orders"])],
                    "supplier_ids": [Command.set(data["suppliers"])],
                    "delivery_ids": [Command.set(data["deliveries"])],
                    "customer_ids": [Command.set(data["customers"])],
                    "inspection_ids": [Command.set(data["inspections"])],
                }
            )
            # Stored whatever the user's groups: only the field's readers see it.
            trace.sudo().unbuild_ids = [Command.set(data["unbuilds"])]

    def _qms_tree(self, data):
        """The nodes of the trace depth-first: ``[(node, depth, prefix), ...]``.

        A node is a lot id, or minus the id of a manufacturing order standing for an untracked
        product. The parent of a node is a node one level up linked to it in the genealogy; a
        node reached from several parents (a shared sub-assembly, a lot split between orders)
        is listed once, under the first of them in tree order. Siblings come by product, then
        by name. The genealogy engine gives the links between the nodes, one query the names
        of their lots.
        """
        self.ensure_one()
        lot_products = {lot["lot_id"]: lot["product_id"] for lot in data["lots"]}
        candidates = list(lot_products) + [-production_id for production_id in data["productions"]]
        links = self.env["qms.genealogy"].links(candidates, self.direction, self.env.companies.ids)
        sort_keys = self._qms_node_sort_keys(lot_products, links)
        starts = sorted(
            ((lot["depth"], lot["lot_id"]) for lot in data["lots"]),
            key=lambda start: (start[0], sort_keys[start[1]]),
        )
        roots = [lot_id for depth, lot_id in starts if depth == 0]
        depths = dict.fromkeys(roots, 0)
        spread_depths(roots, depths, links)
        tree, claimed = [], set(roots)
        for root in roots:
            tree.extend(depth_first(root, "", depths, links, sort_keys, claimed))
        # A lot the links from the start lots don't reach (only through a lot of a company the
        # user can't see) starts a subtree of its own, at the depth the genealogy gave it.
        for depth, lot_id in starts:
            if lot_id not in claimed:
                depths[lot_id] = depth
                spread_depths([lot_id], depths, links)
                claimed.add(lot_id)
                prefix = "│ " * (depth - 1) + "└ " if depth else ""
                tree.extend(depth_first(lot_id, prefix, depths, links, sort_keys, claimed))
        return tree

    def _qms_node_sort_keys(self, lot_products, links):
        """``{node: (product name, node name, node)}`` of every node, to order siblings."""
        self.env.cr.execute(
            SQL(
                "SELECT id, name FROM stock_lot WHERE id = ANY(%s::int[])",
                list(lot_products),
            )
        )
        names = dict(self.env.cr.fetchall())
        productions = self.env["mrp.production"].browse(
            sorted({-node for children in links.values() for node in children if node < 0})
        )
        node_products = dict(lot_products)
        for production in productions:
            names[-production.id] = production.name
            node_products[-production.id] = production.product_id.id
        products = self.env["product.product"].browse(set(node_products.values()))
        product_names = {product.id: product.display_name for product in products}
        return {
            node: (product_names.get(product_id, ""), names.get(node, ""), node)
            for node, product_id in node_products.items()
        }

    def _qms_line_vals(self, tree, data):
        """Values of the lines of ``tree``: a few grouped queries for all the nodes at once."""
        self.ensure_one()
        lot_products = {lot["lot_id"]: lot["product_id"] for lot in data["lots"]}
        lot_ids = [node for node, _depth, _prefix in tree if node > 0]
        production_nodes = self.env["mrp.production"].browse(
            -node for node, _depth, _prefix in tree if node < 0
        )
        genealogy = self.env["qms.genealogy"]
        company_ids = self.env.companies.ids
        origins = genealogy.origins(lot_ids, company_ids)
        delivered = genealogy.delivered(genealogy.deliveries(lot_ids, company_ids))
        on_hand = defaultdict(float)
        for stock in genealogy.stock(lot_ids, company_ids):
            on_hand[stock["lot_id"]] += stock["quantity"]
        inspections = {
            lot.id: count
            for lot, count in self.env["qms.inspection"]._read_group(
                [("id", "in", data["inspections"]), ("lot_id", "in", lot_ids)],
                ["lot_id"],
                ["__count"],
            )
        }
        vals_list = []
        for sequence, (node, depth, prefix) in enumerate(tree, start=1):
            vals = {"trace_id": self.id, "sequence": sequence, "depth": depth}
            if node < 0:
                production = production_nodes.browse(-node)
                vals.update(
                    name=prefix + production.name,
                    product_id=production.product_id.id,
                    production_id=production.id,
                    origin=production.name,
                )
            else:
                lot = origins[node]
                quantities = delivered.get(node, {})
                vals.update(
                    name=prefix + lot["name"],
                    lot_id=node,
                    product_id=lot_products[node],
                    qty_on_hand=on_hand.get(node, 0.0),
                    qty_delivered=quantities.get("qty_net", 0.0),
                    qty_shipped=quantities.get("qty_shipped", 0.0),
                    qty_returned=quantities.get("qty_returned", 0.0),
                    qms_state=lot["qms_state"],
                    inspection_count=inspections.get(node, 0),
                    origin=lot["origin"],
                    production_id=lot["production_id"],
                    purchase_id=lot["purchase_id"],
                    receipt_id=lot["receipt_id"],
                    unbuild_id=lot["unbuild_id"],
                )
            vals_list.append(vals)
        return vals_list
