# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import timedelta

from markupsafe import escape

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL, Query, float_compare
from odoo.tools.mail import generate_tracking_message_id

HELD_STATES = ("pending", "blocked")
# Bounds of the days on hold that a search compares with: (at least, below).
DAYS_ON_HOLD_BOUNDS = {
    ">=": lambda days: (days, None),
    ">": lambda days: (days + 1, None),
    "<": lambda days: (None, days),
    "<=": lambda days: (None, days + 1),
    "=": lambda days: (days, days + 1),
}


class StockLot(models.Model):
    _name = "stock.lot"
    _inherit = ["stock.lot", "qms.protected.mixin", "qms.signature.mixin"]
    # A release by hand signs the lot itself; its reason is in the signature and the chatter.
    _qms_signed_fields = ("name", "product_id")
    _qms_protected_fields = frozenset(
        {"qms_state", "qms_hold_reason", "qms_hold_manual", "qms_hold_date"}
    )

    qms_state = fields.Selection(
        [
            ("none", "Not inspected"),
            ("pending", "Pending inspection"),
            ("released", "Released"),
            ("blocked", "Blocked"),
        ],
        "Quality Status",
        default="none",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="Pending and blocked lots can't be reserved, consumed or delivered; they may go to "
        "scrap, back to the vendor or to a quarantine location.",
    )
    qms_hold_reason = fields.Char("Hold Reason", readonly=True, copy=False, tracking=True)
    qms_hold_manual = fields.Boolean(
        "Held by a Manager",
        readonly=True,
        copy=False,
        tracking=True,
        help="Blocked by hand: only a manual release lifts the hold, not an inspection's decision.",
    )
    qms_hold_date = fields.Datetime(
        "On Hold Since",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the lot went on quality hold; a rejection after a pending inspection "
        "continues the same hold.",
    )
    qms_days_on_hold = fields.Integer(
        "Days on Hold", compute="_compute_qms_days_on_hold", search="_search_qms_days_on_hold"
    )
    qms_location_ids = fields.Many2many(
        "stock.location",
        string="Locations",
        compute="_compute_qms_location_ids",
        search="_search_qms_location_ids",
        help="Internal locations where the lot is on hand.",
    )
    qms_hold_inspection_id = fields.Many2one(
        "qms.inspection",
        "Holding Inspection",
        compute="_compute_qms_hold_inspection_id",
        search="_search_qms_hold_inspection_id",
        help="The latest inspection of the lot on hold still to do, or that rejected it.",
    )
    qms_hold_picking_type_id = fields.Many2one(
        related="qms_hold_inspection_id.picking_type_id",
        string="Held by Operation Type",
        help="The operation type of the inspection holding the lot (the Quality overview "
        "counts the lot on its card).",
    )
    qms_hold_workcenter_id = fields.Many2one(
        related="qms_hold_inspection_id.workcenter_id",
        string="Held by Work Center",
        help="The work center of the inspection holding the lot (the Quality overview counts "
        "the lot on its card).",
    )
    qms_inspection_ids = fields.One2many("qms.inspection", "lot_id", "Inspections")
    qms_serial_inspection_ids = fields.Many2many(
        "qms.inspection",
        "qms_inspection_serial_rel",
        "lot_id",
        "inspection_id",
        "Inspections of the Serial Number",
        help="Serial numbers are inspected with the other units of their move.",
    )
    qms_inspection_count = fields.Integer(compute="_compute_qms_inspection_count")

    def init(self):
        super().init()
        # Lots already on hold when the hold date appeared: held since their last change at best.
        self.env.cr.execute(
            SQL(
                "UPDATE stock_lot SET qms_hold_date = write_date "
                "WHERE qms_state IN %s AND qms_hold_date IS NULL",
                HELD_STATES,
            )
        )

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        """Let inventory users without valuation rights open a lot when stock_account is installed.

        stock_account's lot form loads ``stock_valuation_layer_ids`` (for its Valuation
        button) for every user, but only Inventory Administrators may read valuation
        layers: anyone else, the suite's inspectors included, gets an AccessError on opening
        any lot. The field and the button that needs it are kept for the users who may read
        the layers.
        """
        arch, view = super()._get_view(view_id, view_type, **options)
        for node in arch.xpath(
            "//field[@name='stock_valuation_layer_ids']"
            "|//button[@name='action_view_stock_valuation_layers']"
        ):
            node.set("groups", "stock.group_stock_manager")
        return arch, view

    @api.depends("name", "qms_state")
    @api.depends_context("qms_show_quality_state")
    def _compute_display_name(self):
        """Lot pickers of transfers (context ``qms_show_quality_state``) say which lots are held."""
        super()._compute_display_name()
        if not self.env.context.get("qms_show_quality_state"):
            return
        labels = dict(self._fields["qms_state"]._description_selection(self.env))
        for lot in self.filtered(lambda lot: lot.qms_state in HELD_STATES):
            lot.display_name = self.env._(
                "%(lot)s (%(state)s)", lot=lot.display_name, state=labels[lot.qms_state]
            )

    @api.depends("qms_hold_date")
    def _compute_qms_days_on_hold(self):
        now = fields.Datetime.now()
        for lot in self:
            lot.qms_days_on_hold = (now - lot.qms_hold_date).days if lot.qms_hold_date else 0

    def _search_qms_days_on_hold(self, operator, value):
        if (
            operator not in DAYS_ON_HOLD_BOUNDS
            or isinstance(value, bool)
            or not isinstance(value, int | float)
        ):
            raise UserError(
                self.env._(
                    "Days on Hold: search with a number of days and one of %(operators)s, "
                    "not %(operator)s %(value)r.",
                    operators=", ".join(DAYS_ON_HOLD_BOUNDS),
                    operator=operator,
                    value=value,
                )
            )
        at_least, below = DAYS_ON_HOLD_BOUNDS[operator](value)
        now = fields.Datetime.now()
        domain = [("qms_hold_date", "!=", False)]
        if at_least is not None:
            domain.append(("qms_hold_date", "<=", now - timedelta(days=at_least)))
        if below is not None:
            domain.append(("qms_hold_date", ">", now - timedelta(days=below)))
        return domain

    @api.depends("quant_ids.quantity", "quant_ids.location_id")
    def _compute_qms_location_ids(self):
        groups = self.env["stock.quant"]._read_group(
            [("lot_id", "in", self.ids), ("location_id.usage", "=", "internal")],
            ["lot_id", "location_id"],
            having=[("quantity:sum", ">", 0)],
        )
        locations = defaultdict(self.env["stock.location"].browse)
        for lot, location in groups:
            locations[lot] |= location
        for lot in self:
            lot.qms_location_ids = locations[lot]

    def _search_qms_location_ids(self, operator, value):
        negative = operator in expression.NEGATIVE_TERM_OPERATORS
        if negative:
            operator = expression.TERM_OPERATORS_NEGATION[operator]
        on_hand = [
            ("location_id", operator, value),
            ("location_id.usage", "=", "internal"),
            ("quantity", ">", 0),
        ]
        return [("quant_ids", "not any" if negative else "any", on_hand)]

    @api.depends(
        "qms_state",
        "qms_inspection_ids.state",
        "qms_inspection_ids.decision",
        "qms_serial_inspection_ids.state",
        "qms_serial_inspection_ids.decision",
    )
    def _compute_qms_hold_inspection_id(self):
        held = self.filtered(lambda lot: lot.qms_state in HELD_STATES)
        holding = [
            "|",
            ("state", "=", "todo"),
            "&",
            ("state", "=", "done"),
            ("decision", "=", "reject"),
        ]
        latest = {}
        for field in ("lot_id", "lot_ids"):
            for lot, inspection in self.env["qms.inspection"]._read_group(
                [(field, "in", held.ids), *holding], [field], ["id:max"]
            ):
                latest[lot] = max(latest.get(lot, 0), inspection)
        for lot in self:
            lot.qms_hold_inspection_id = latest.get(lot, False)

    def _search_qms_hold_inspection_id(self, operator, value):
        if operator != "in" and not (operator == "=" and isinstance(value, int)):
            raise UserError(
                self.env._("Holding Inspection: search with = an inspection or in inspections.")
            )
        inspections = (
            value
            if isinstance(value, Query)
            else self.env["qms.inspection"]
            .browse([value] if operator == "=" else value)
            ._as_query()
        )
        return [
            (
                "id",
                "in",
                SQL(
                    "(SELECT holding.lot_id FROM (%s) holding WHERE holding.inspection_id IN %s)",
                    self._qms_holding_sql(),
                    inspections.subselect(),
                ),
            )
        ]

    @api.model
    def _qms_holding_sql(self):
        """Rows (lot_id, inspection_id) of the lots on hold and their holding inspection, as
        ``qms_hold_inspection_id`` computes it: the latest inspection of the lot still to do, or
        that rejected it (serial numbers through their move's inspection)."""
        self.env["qms.inspection"].flush_model(["lot_id", "lot_ids", "state", "decision"])
        self.flush_model(["qms_state"])
        holding = SQL(
            "(inspection.state = 'todo' "
            "OR (inspection.state = 'done' AND inspection.decision = 'reject'))"
        )
        return SQL(
            """
            SELECT held.lot_id, MAX(held.inspection_id) AS inspection_id
              FROM (
                    SELECT inspection.lot_id, inspection.id AS inspection_id
                      FROM qms_inspection inspection
                     WHERE inspection.lot_id IS NOT NULL AND %(holding)s
                     UNION ALL
                    SELECT serial.lot_id, inspection.id
                      FROM qms_inspection_serial_rel serial
                      JOIN qms_inspection inspection ON inspection.id = serial.inspection_id
                     WHERE %(holding)s
                   ) held
              JOIN stock_lot lot ON lot.id = held.lot_id
             WHERE lot.qms_state IN %(held_states)s
             GROUP BY held.lot_id
            """,
            holding=holding,
            held_states=HELD_STATES,
        )

    @api.depends("qms_inspection_ids", "qms_serial_inspection_ids")
    def _compute_qms_inspection_count(self):
        counts = {}
        for field in ("lot_id", "lot_ids"):
            for lot, count in self.env["qms.inspection"]._read_group(
                [(field, "in", self.ids)], [field], ["__count"]
            ):
                counts[lot] = counts.get(lot, 0) + count
        for lot in self:
            lot.qms_inspection_count = counts.get(lot, 0)

    def action_qms_view_inspections(self):
        """The inspections of the lot, or of the move its serial number came with."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "quality_core.stock_lot_action_inspections"
        )
        action["domain"] = ["|", ("lot_id", "=", self.id), ("lot_ids", "in", self.ids)]
        action["context"] = {}
        return action

    def _qms_actions_hint(self):
        return self.env._("Block / Release on the lot, inspection decisions")

    def _qms_trace_extra(self, result, lot_ids):
        """Hook where modules add to a lot trace of quality_trace (``qms_trace``): return
        ``result`` with their keys added. ``lot_ids`` are all the lots traced, within the
        allowed companies. Defined here so that sibling modules (quality_capa adds
        ``nonconformities`` and ``complaints``) extend it without depending on each other.
        """
        return result

    def action_qms_block(self, reason):
        """Put the lots on quality hold (Quality Manager)."""
        reason = self._qms_check_manager_reason(self, reason, self.env._("block lots"))
        self._qms_set_state("blocked", reason, manual=True)
        return True

    def action_qms_release(self, reason, password=None):
        """Release the lots from quality hold (Quality Manager, signed with ``password``)."""
        action = self.env._("release lots")
        reason = self._qms_check_manager_reason(self, reason, action)
        self._qms_check_signer(password, action)
        self._qms_set_state("released", reason, manual=True)
        self._qms_add_signatures(action, reason, "approval")
        return True

    def action_qms_move_to_quarantine(self):
        """Move what the held lots have on hand to the quarantine location of its warehouse.

        Quality Manager only. One internal transfer per warehouse, of its internal operation
        type, takes the unreserved quantity of each lot from every internal location that is not
        a quarantine location, and is validated at once: Odoo records the move, the lots stay on
        hold. Should the validation ask for more (a wizard), the transfer stays ready and its
        form opens. Returns an action showing the transfers.
        """
        self._qms_check_manager(self, self.env._("move lots to quarantine"))
        not_held = self.filtered(lambda lot: lot.qms_state not in HELD_STATES)
        if not_held:
            raise UserError(
                self.env._(
                    "Only lots on quality hold go to quarantine; these are not on quality hold: "
                    "%(lots)s.",
                    lots=", ".join(not_held.sudo().mapped("display_name")),
                )
            )
        # Quality Managers move held goods without having to be warehouse users.
        quants = self.sudo()._qms_quants_to_quarantine()
        if not quants:
            raise UserError(
                self.env._(
                    "%(lots)s: nothing on hand outside a quarantine location is free to move.",
                    lots=", ".join(self.sudo().mapped("display_name")),
                )
            )
        quants_by_warehouse = defaultdict(self.env["stock.quant"].sudo().browse)
        for quant in quants:
            quants_by_warehouse[quant.location_id.warehouse_id] |= quant
        Location = self.env["stock.location"].sudo()
        destinations = {
            warehouse: Location._qms_quarantine_location(warehouse)
            for warehouse in quants_by_warehouse
        }
        stranded = quants.filtered(lambda quant: not destinations[quant.location_id.warehouse_id])
        if stranded:
            raise UserError(
                self.env._(
                    "No quarantine location for %(lots)s in %(warehouses)s: tick Quarantine "
                    "Location on an internal location of the warehouse.",
                    lots=", ".join(stranded.lot_id.mapped("display_name")),
                    warehouses=", ".join(
                        sorted(
                            {
                                quant.location_id.warehouse_id.name
                                or quant.location_id.display_name
                                for quant in stranded
                            }
                        )
                    ),
                )
            )
        transfers = self.env["stock.picking"].sudo()
        for warehouse, warehouse_quants in quants_by_warehouse.items():
            transfers |= warehouse_quants.lot_id._qms_quarantine_transfer(
                warehouse, destinations[warehouse], warehouse_quants
            )
        return transfers.with_env(self.env)._get_records_action(
            name=self.env._("Quarantine Transfers")
        )

    def _qms_quants_to_quarantine(self):
        """Quants of the lots in internal locations other than quarantine, not reserved."""
        quants = self.env["stock.quant"].search(
            [
                ("lot_id", "in", self.ids),
                ("location_id.usage", "=", "internal"),
                ("location_id.qms_quarantine", "=", False),
            ]
        )
        return quants.filtered(
            lambda quant: (
                float_compare(
                    quant.quantity - quant.reserved_quantity,
                    0,
                    precision_rounding=quant.product_uom_id.rounding,
                )
                > 0
            )
        )

    def _qms_quarantine_transfer(self, warehouse, quarantine, quants):
        """Validate an internal transfer of ``quants`` (of these lots) into ``quarantine``."""
        free = {quant: quant.quantity - quant.reserved_quantity for quant in quants}
        transfer = (
            self.env["stock.picking"]
            .with_company(warehouse.company_id)
            .create(self._qms_prepare_quarantine_transfer(warehouse, quarantine, free))
        )
        transfer.action_confirm()
        # Confirming reserves whatever lots come first: take exactly the held quants instead.
        transfer.do_unreserve()
        moves = {move.product_id: move for move in transfer.move_ids}
        for quant, qty in free.items():
            moves[quant.product_id]._update_reserved_quantity(
                qty,
                quant.location_id,
                lot_id=quant.lot_id,
                package_id=quant.package_id,
                owner_id=quant.owner_id,
                strict=True,
            )
        transfer.move_ids._recompute_state()
        transfer.move_ids.picked = True
        transfer.button_validate()
        self._message_log_batch(
            bodies={
                lot.id: self.env._(
                    "Moved to quarantine %(location)s by %(transfer)s.",
                    location=quarantine.display_name,
                    transfer=transfer._get_html_link(),
                )
                for lot in self
            }
        )
        return transfer

    def _qms_prepare_quarantine_transfer(self, warehouse, quarantine, free):
        """Values of the internal transfer moving the ``free`` quantity of quants to quarantine:
        from the warehouse's stock, or from the whole warehouse if some lie elsewhere."""
        stock = warehouse.lot_stock_id
        from_stock = all(
            quant.location_id.parent_path.startswith(stock.parent_path) for quant in free
        )
        source = stock if from_stock else warehouse.view_location_id
        demand = defaultdict(float)
        for quant, qty in free.items():
            demand[quant.product_id] += qty
        return {
            "picking_type_id": warehouse.int_type_id.id,
            "location_id": source.id,
            "location_dest_id": quarantine.id,
            "origin": self.env._("Quarantine of %(lots)s", lots=", ".join(self.mapped("name"))),
            "move_ids": [
                Command.create(
                    {
                        "name": product.display_name,
                        "product_id": product.id,
                        "product_uom": product.uom_id.id,
                        "product_uom_qty": qty,
                        "location_id": source.id,
                        "location_dest_id": quarantine.id,
                    }
                )
                for product, qty in demand.items()
            ],
        }

    def _qms_companies(self):
        """Companies whose quality decides on the lots' hold.

        A lot of a company is that company's. A lot without company (Odoo shares lots of
        products without company) is the same goods wherever they lie: its hold applies in every
        company, so changing it by hand takes a Quality Manager working in every company that
        stocks or inspects it.
        """
        companies = self.sudo().company_id
        shared = self.filtered(lambda lot: not lot.company_id).sudo()
        if shared:
            quants = (
                self.env["stock.quant"]
                .sudo()
                .search(
                    [
                        ("lot_id", "in", shared.ids),
                        ("location_id.usage", "in", ("internal", "transit")),
                    ]
                )
            )
            inspections = self.env["qms.inspection"].sudo().search([("lot_id", "in", shared.ids)])
            companies |= quants.company_id | inspections.company_id
        return companies

    def _qms_hold_warning(self):
        """The warning shown when held lots are chosen to be reserved, consumed or delivered."""
        labels = dict(self._fields["qms_state"]._description_selection(self.env))
        return {
            "title": self.env._("Lot on quality hold"),
            "message": self.env._(
                "On quality hold, so they can't be reserved, consumed or delivered: %(lots)s. "
                "Choose another lot.",
                lots="; ".join(
                    "%s (%s, %s: %s)"
                    % (
                        lot.name,
                        lot.product_id.display_name,
                        labels[lot.qms_state],
                        lot.qms_hold_reason or "-",
                    )
                    for lot in self
                ),
            ),
        }

    def action_qms_open_hold_inspection(self):
        self._qms_check_single(self, self.env._("Opening the inspection that holds a lot"))
        inspection = self.qms_hold_inspection_id
        if not inspection:
            raise UserError(
                self.env._("Lot %(lot)s is held by no inspection.", lot=self.display_name)
            )
        return inspection._get_records_action(name=inspection.display_name)

    def action_qms_open_block_wizard(self):
        return self.env["qms.reason.wizard"]._qms_open(self, "block")

    def action_qms_open_release_wizard(self):
        return self.env["qms.reason.wizard"]._qms_open(self, "release")

    def _qms_set_state(self, state, reason, manual=False):
        """Write the hold state of the lots; held lots lose their reservations.

        Every change is tracked on the lot, with the reason. ``manual`` marks a decision taken
        by hand on the lot, which inspections then leave alone.
        """
        lots = self.sudo().filtered(
            lambda lot: (
                lot.qms_state != state or (manual and lot.qms_hold_manual != (state in HELD_STATES))
            )
        )
        if not lots:
            return
        vals = {"qms_state": state, "qms_hold_reason": reason if state in HELD_STATES else False}
        if manual:
            vals["qms_hold_manual"] = state in HELD_STATES
        before = {lot.id: {name: lot[name] for name in vals} for lot in lots}
        held = state in HELD_STATES
        # Going from pending to blocked, or blocked by hand, continues the same hold.
        dated = lots.filtered(
            lambda lot: not held or lot.qms_state not in HELD_STATES or not lot.qms_hold_date
        )
        hold_date = {"qms_hold_date": fields.Datetime.now() if held else False}
        for group, group_vals in ((dated, {**vals, **hold_date}), (lots - dated, vals)):
            if group:
                group.with_context(tracking_disable=True)._qms_write(group_vals)
        lots._qms_log_changes(before, reason)
        if held:
            lots._qms_unreserve()
        else:
            lots._qms_offer_to_waiting_moves()

    def _qms_log_changes(self, before, reason):
        """Track the changed fields of the lots in their chatter (old → new, who, when), in one
        batch: a receipt or a recall changes hundreds or thousands of lots at once."""
        Tracking = self.env["mail.tracking.value"].sudo()
        names = list(next(iter(before.values())))
        infos = self.fields_get(names, attributes=("string", "type", "selection"))
        author = self.env.user.partner_id
        base = {
            # As mail.thread._message_log_batch: nothing to compute per message.
            "model": self._name,
            "body": escape(reason or ""),
            "author_id": author.id,
            "email_from": author.email_formatted,
            "message_type": "notification",
            "is_internal": True,
            "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
            "record_alias_domain_id": False,
            "record_company_id": False,
            "record_name": False,
            "email_add_signature": False,
            "reply_to": self.env["mail.thread"]._notify_get_reply_to(
                default=author.email_formatted
            )[False],
        }
        changes = {
            lot: [name for name in names if before[lot.id][name] != lot[name]] for lot in self
        }
        changed = [lot for lot in self if changes[lot]]
        messages = self.sudo()._message_create(
            [
                dict(base, res_id=lot.id, message_id=generate_tracking_message_id("message-notify"))
                for lot in changed
            ]
        )
        Tracking.create(
            [
                dict(
                    Tracking._create_tracking_values(
                        before[lot.id][name], lot[name], name, infos[name], lot
                    ),
                    mail_message_id=message.id,
                )
                for lot, message in zip(changed, messages, strict=True)
                for name in changes[lot]
            ]
        )

    def _qms_offer_to_waiting_moves(self):
        """Let moves waiting for stock reserve the released lots, as when goods arrive."""
        arrivals = self.env["stock.move.line"].search(
            [
                ("lot_id", "in", self.ids),
                ("state", "=", "done"),
                ("location_dest_id.usage", "=", "internal"),
            ]
        )
        arrivals.move_id._trigger_assign()

    def _qms_unreserve(self):
        """Drop reservations of held lots by moves that may not take them."""
        lines = self.env["stock.move.line"].search(
            [
                ("lot_id", "in", self.ids),
                ("state", "not in", ("done", "cancel")),
                ("picked", "=", False),
                ("location_id.usage", "in", ("internal", "transit")),
            ]
        )
        lines = lines.filtered(lambda ml: not ml.location_dest_id._qms_accepts_held_lots())
        if lines:
            moves = lines.move_id
            lines.unlink()
            moves._recompute_state()

    # ------------------------------------------------------------------
    # Certificate of Analysis
    # ------------------------------------------------------------------
    @api.model
    def _qms_coa_lot_sections(self, lot_quantities):
        """Sections of a Certificate of Analysis, one per lot of ``lot_quantities`` ({lot:
        quantity in the product's unit}): the lot and every decided inspection of it, wherever
        it was inspected (receipt, production, delivery), oldest first."""
        lots = self.browse().union(*lot_quantities)
        decided = self.env["qms.inspection"].search(
            ["|", ("lot_id", "in", lots.ids), ("lot_ids", "in", lots.ids), ("state", "=", "done")],
            order="date_done, id",
        )
        return [
            {
                "product": lot.product_id,
                "lot": lot,
                "qty": qty,
                "uom": lot.product_uom_id,
                "inspections": decided.filtered(
                    lambda i, lot=lot: i.lot_id == lot or lot in i.lot_ids
                ),
            }
            for lot, qty in lot_quantities.items()
        ]

    def _qms_coa_sections(self):
        """The Certificate of Analysis of a lot: the lot with the quantity it has on hand."""
        self.ensure_one()
        return self._qms_coa_lot_sections({self: self.product_qty})
