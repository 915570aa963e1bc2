# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL


class QmsRecall(models.Model):
    _name = "qms.recall"
    _description = "Product Recall"
    _inherit = ["mail.thread", "mail.activity.mixin", "qms.xlsx.mixin", "qms.protected.mixin"]
    _order = "id desc"
    _check_company_auto = True
    # What the recall found and did: written by its actions only.
    _qms_protected_fields = frozenset(
        {
            "state",
            "affected_lot_ids",
            "stock_line_ids",
            "delivery_line_ids",
            "production_ids",
            "date_computed",
            "computed_by_id",
            "date_quarantined",
            "quarantined_by_id",
            "quarantined_lot_ids",
        }
    )
    # What the recall starts from: chosen while it is a draft only.
    _qms_draft_fields = frozenset({"lot_ids", "company_id"})

    name = fields.Char(
        "Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    description = fields.Text("Reason", tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("computed", "Computed"),
            ("quarantined", "Quarantined"),
            ("closed", "Closed"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    lot_ids = fields.Many2many(
        "stock.lot",
        "qms_recall_suspect_lot_rel",
        "recall_id",
        "lot_id",
        "Suspect Lots",
        required=True,
        check_company=True,
    )
    affected_lot_ids = fields.Many2many(
        "stock.lot",
        "qms_recall_affected_lot_rel",
        "recall_id",
        "lot_id",
        "Affected Lots",
        readonly=True,
        copy=False,
        help="Every lot made from the suspect lots, at any depth, the suspect lots included.",
    )
    stock_line_ids = fields.One2many("qms.recall.stock.line", "recall_id", "Stock", readonly=True)
    delivery_line_ids = fields.One2many(
        "qms.recall.delivery.line",
        "recall_id",
        "Shipped",
        readonly=True,
        help="Deliveries of the affected lots made by the recall's company, one line per "
        "delivery, customer and lot: shipped, returned by the customer, and the net quantity "
        "still out there. Deliveries of other companies are left to their own recalls.",
    )
    delivery_ids = fields.Many2many(
        "stock.picking", string="Deliveries", compute="_compute_documents"
    )
    partner_ids = fields.Many2many("res.partner", string="Customers", compute="_compute_documents")
    production_ids = fields.Many2many(
        "mrp.production",
        "qms_recall_production_rel",
        "recall_id",
        "production_id",
        "Open Manufacturing Orders",
        readonly=True,
        copy=False,
        help="Manufacturing orders not done yet that consume or produce affected lots.",
    )
    affected_lot_count = fields.Integer(compute="_compute_counts")
    delivery_count = fields.Integer(compute="_compute_counts")
    partner_count = fields.Integer(compute="_compute_counts")
    qty_in_stock = fields.Float(
        "Quantity in Stock", compute="_compute_counts", digits="Product Unit of Measure"
    )
    date_computed = fields.Datetime("Computed on", readonly=True, copy=False, tracking=True)
    computed_by_id = fields.Many2one("res.users", "Computed by", readonly=True, copy=False)
    date_quarantined = fields.Datetime("Quarantined on", readonly=True, copy=False, tracking=True)
    quarantined_by_id = fields.Many2one("res.users", "Quarantined by", readonly=True, copy=False)
    quarantined_lot_ids = fields.Many2many(
        "stock.lot",
        "qms_recall_quarantined_lot_rel",
        "recall_id",
        "lot_id",
        "Quarantined Lots",
        readonly=True,
        copy=False,
        help="Lots this recall blocked (the affected lots still in stock when it was done).",
    )

    @api.depends("delivery_line_ids")
    def _compute_documents(self):
        for recall in self:
            recall.delivery_ids = recall.delivery_line_ids.picking_id
            recall.partner_ids = recall.delivery_line_ids.partner_id

    @api.depends("affected_lot_ids", "delivery_line_ids", "stock_line_ids")
    def _compute_counts(self):
        """Counted in the database: a recall may reach tens of thousands of lines."""
        saved_ids = [recall_id for recall_id in self.ids if isinstance(recall_id, int)]
        shipped = {
            recall: (pickings, partners)
            for recall, pickings, partners in self.env["qms.recall.delivery.line"]._read_group(
                [("recall_id", "in", saved_ids)],
                ["recall_id"],
                ["picking_id:count_distinct", "partner_id:count_distinct"],
            )
        }
        in_stock = dict(
            self.env["qms.recall.stock.line"]._read_group(
                [("recall_id", "in", saved_ids)], ["recall_id"], ["quantity:sum"]
            )
        )
        for recall in self:
            recall.affected_lot_count = len(recall.affected_lot_ids)
            recall.delivery_count, recall.partner_count = shipped.get(recall, (0, 0))
            recall.qty_in_stock = in_stock.get(recall, 0.0)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("qms.recall") or "/"
        recalls = super().create(vals_list)
        # Constraints run for the fields given only: a recall created without lots gets here.
        recalls._check_lot_ids()
        return recalls

    def _qms_check_write(self, vals):
        started = self.filtered(lambda recall: recall.state != "draft")
        changed = self._qms_draft_fields & set(vals)
        if started and changed:
            raise UserError(
                self.env._(
                    "Recall %(names)s is computed already: %(fields)s can't change any more. "
                    "Cancel it and start a new recall from the right lots.",
                    names=", ".join(started.mapped("name")),
                    fields=", ".join(sorted(self._qms_field_labels(changed))),
                )
            )
        return super()._qms_check_write(vals)

    def _qms_check_unlink(self):
        started = self.filtered(lambda recall: recall.state not in ("draft", "cancel"))
        if started:
            raise UserError(
                self.env._(
                    "Recalls %(names)s were computed: they stay as a record. Close or cancel "
                    "them instead.",
                    names=", ".join(started.mapped("name")),
                )
            )
        return super()._qms_check_unlink()

    @api.constrains("lot_ids")
    def _check_lot_ids(self):
        empty = self.filtered(lambda recall: not recall.lot_ids)
        if empty:
            raise ValidationError(
                self.env._(
                    "Recall %(names)s needs at least one suspect lot.",
                    names=", ".join(empty.mapped("name")),
                )
            )

    def _qms_actions_hint(self):
        return self.env._("Compute, Quarantine Affected Stock, Close, Cancel")

    def _qms_check_state(self, allowed, action):
        wrong = self.filtered(lambda r: r.state not in allowed)
        if wrong:
            raise UserError(
                self.env._(
                    "Recall %(names)s can't be %(action)s in its current state.",
                    names=", ".join(wrong.mapped("name")),
                    action=action,
                )
            )

    def action_compute(self):
        """Compute the forward closure of the suspect lots and where it went, set-based."""
        self._qms_check_state(("draft", "computed"), self.env._("computed"))
        for recall in self:
            if not recall.lot_ids:
                raise UserError(self.env._("Recall %(name)s has no suspect lot.", name=recall.name))
            closure = recall.lot_ids._qms_closure("forward")
            lot_ids = sorted({lot_id for lot_id, _depth in closure})
            recall._qms_store_snapshot(lot_ids)
            recall._qms_write(
                {
                    "state": "computed",
                    "date_computed": fields.Datetime.now(),
                    "computed_by_id": self.env.uid,
                }
            )
            recall.message_post(
                body=self.env._(
                    "Computed: %(lots)s affected lots, %(qty)s units in stock, "
                    "%(deliveries)s deliveries to %(customers)s customers.",
                    lots=recall.affected_lot_count,
                    qty=recall.qty_in_stock,
                    deliveries=recall.delivery_count,
                    customers=recall.partner_count,
                )
            )
        return True

    def _qms_store_snapshot(self, lot_ids):
        """Write the affected lots, their stock and their shipments with a few SQL statements.

        Read from the genealogy engine (``qms.genealogy``), as a trace of the same lots is:
        the deliveries of the recall's company only, each with what was shipped, what the
        customer sent back and what is still out there.
        """
        self.ensure_one()
        self.env.flush_all()
        cr = self.env.cr
        genealogy = self.env["qms.genealogy"]
        cr.execute(SQL("DELETE FROM qms_recall_affected_lot_rel WHERE recall_id = %s", self.id))
        cr.execute(SQL("DELETE FROM qms_recall_delivery_line WHERE recall_id = %s", self.id))
        cr.execute(SQL("DELETE FROM qms_recall_production_rel WHERE recall_id = %s", self.id))
        if lot_ids:
            cr.execute(
                SQL(
                    """
                    INSERT INTO qms_recall_affected_lot_rel (recall_id, lot_id)
                    SELECT %(recall)s, unnest(%(lots)s::int[])
                    """,
                    recall=self.id,
                    lots=lot_ids,
                )
            )
            deliveries = genealogy.deliveries(lot_ids, self.company_id.ids)
            cr.execute(
                SQL(
                    """
                    INSERT INTO qms_recall_delivery_line
                        (recall_id, company_id, picking_id, partner_id, product_id, lot_id,
                         quantity, qty_returned, qty_net, date)
                    SELECT %(recall)s, %(company)s, picking_id, partner_id, product_id, lot_id,
                           shipped, returned, net, date
                      FROM unnest(%(pickings)s::int[], %(partners)s::int[], %(products)s::int[],
                                  %(lots)s::int[], %(shipped)s::float8[],
                                  %(returned)s::float8[], %(net)s::float8[],
                                  %(dates)s::timestamp[])
                        AS delivery(picking_id, partner_id, product_id, lot_id, shipped,
                                    returned, net, date)
                    """,
                    recall=self.id,
                    company=self.company_id.id,
                    pickings=[delivery["picking_id"] or None for delivery in deliveries],
                    partners=[delivery["partner_id"] or None for delivery in deliveries],
                    products=[delivery["product_id"] for delivery in deliveries],
                    lots=[delivery["lot_id"] for delivery in deliveries],
                    shipped=[delivery["qty_shipped"] for delivery in deliveries],
                    returned=[delivery["qty_returned"] for delivery in deliveries],
                    net=[delivery["qty_net"] for delivery in deliveries],
                    dates=[delivery["date"] for delivery in deliveries],
                )
            )
            cr.execute(
                SQL(
                    """
                    INSERT INTO qms_recall_production_rel (recall_id, production_id)
                    SELECT %(recall)s, unnest(%(productions)s::int[])
                    """,
                    recall=self.id,
                    productions=genealogy.open_productions(lot_ids),
                )
            )
        self.invalidate_recordset(["affected_lot_ids", "delivery_line_ids", "production_ids"])
        self._qms_store_stock_lines()

    def _qms_store_stock_lines(self):
        """Write where the affected lots are in stock now, and how much of it is reserved.

        Written at computation, and again when the recall changes that stock (quarantine
        drops its reservations): the recall shows the stock as its last action left it.
        """
        self.ensure_one()
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(SQL("DELETE FROM qms_recall_stock_line WHERE recall_id = %s", self.id))
        stock = self.env["qms.genealogy"].stock(self.affected_lot_ids.ids, self.company_id.ids)
        cr.execute(
            SQL(
                """
                INSERT INTO qms_recall_stock_line
                    (recall_id, company_id, lot_id, product_id, location_id, quantity,
                     reserved_quantity)
                SELECT %(recall)s, %(company)s, lot_id, product_id, location_id, quantity,
                       reserved_quantity
                  FROM unnest(%(lots)s::int[], %(products)s::int[], %(locations)s::int[],
                              %(quantities)s::float8[], %(reserved)s::float8[])
                    AS stock(lot_id, product_id, location_id, quantity, reserved_quantity)
                """,
                recall=self.id,
                company=self.company_id.id,
                lots=[line["lot_id"] for line in stock],
                products=[line["product_id"] for line in stock],
                locations=[line["location_id"] for line in stock],
                quantities=[line["quantity"] for line in stock],
                reserved=[line["reserved_quantity"] for line in stock],
            )
        )
        self.invalidate_recordset(["stock_line_ids", "qty_in_stock"])

    def action_quarantine(self):
        """Block every affected lot still in stock, and drop its reservations, at once."""
        # The group and the companies first: the state of another company's recall is unreadable.
        self._qms_check_manager(self, self.env._("quarantine the lots of a recall"))
        self._qms_check_state(("computed",), self.env._("quarantined"))
        for recall in self:
            in_stock = recall._qms_lots_in_stock()
            in_stock._qms_set_state(
                "blocked",
                self.env._("Recall %(name)s", name=recall.name),
                manual=True,
            )
            recall._qms_write(
                {
                    "state": "quarantined",
                    "date_quarantined": fields.Datetime.now(),
                    "quarantined_by_id": self.env.uid,
                    "quarantined_lot_ids": [(6, 0, in_stock.ids)],
                }
            )
            recall._qms_store_stock_lines()
            recall.message_post(
                body=self.env._("Quarantined %(count)s lots still in stock.", count=len(in_stock))
            )
        return True

    def _qms_lots_in_stock(self):
        """Affected lots with stock in the warehouse now, not blocked yet."""
        self.ensure_one()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT q.lot_id
                  FROM qms_recall_affected_lot_rel rel
                  JOIN stock_quant q ON q.lot_id = rel.lot_id
                  JOIN stock_location l ON l.id = q.location_id
                  JOIN stock_lot lot ON lot.id = q.lot_id
                 WHERE rel.recall_id = %s AND l.usage IN ('internal', 'transit')
                   AND q.quantity > 0 AND lot.qms_state != 'blocked'
                """,
                self.id,
            )
        )
        return self.env["stock.lot"].browse(row[0] for row in self.env.cr.fetchall())

    def action_close(self):
        self._qms_check_state(("computed", "quarantined"), self.env._("closed"))
        self._qms_write({"state": "closed"})
        return True

    def action_cancel(self):
        self._qms_check_state(("draft", "computed"), self.env._("cancelled"))
        self._qms_write({"state": "cancel"})
        return True

    def action_export_xlsx(self):
        """Recall list per customer as an XLSX file: delivery, product, lot, the quantity
        shipped, returned and still at the customer, and the date."""
        self._qms_check_single(self, self.env._("Exporting the recall list"))
        lines = self.delivery_line_ids.sorted(
            lambda line: (line.partner_id.display_name or "", line.date or fields.Datetime.now())
        )
        return self._qms_xlsx_download(
            self.name,
            self.env._("Recall list"),
            [
                self.env._("Customer"),
                self.env._("Delivery"),
                self.env._("Product"),
                self.env._("Lot/Serial Number"),
                # Shipped, under the header the recall list always had, and in its old columns
                # with the date: the returns and the net quantity come after them.
                self.env._("Quantity"),
                self.env._("Date"),
                self.env._("Returned"),
                self.env._("Net"),
            ],
            (
                [
                    line.partner_id.display_name or "",
                    line.picking_id.name or "",
                    line.product_id.display_name,
                    line.lot_id.name,
                    line.quantity,
                    line.date or "",
                    line.qty_returned,
                    line.qty_net,
                ]
                for line in lines
            ),
            widths=(28, 28, 28, 28, 12, 16, 12, 12),
        )
