# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL, drop_view_if_exists

# Failed inspections shown on the overview: those decided in the last days.
FAILED_DAYS = 30
# The field that ties a card of each kind to its inspections, lots and nonconformities.
CARD_FIELDS = {"picking_type": "picking_type_id", "workcenter": "workcenter_id"}


class QmsOverview(models.Model):
    """The Quality overview: one card per operation type inspected (it has control points or
    inspections) and per work center where inspections were made, with what waits there.

    A database view of the cards only; the counts are computed for all the cards at once,
    with one grouped query per kind of card and figure.
    """

    _name = "qms.overview"
    _description = "Quality Overview"
    _auto = False
    _order = "kind, sequence, id"

    kind = fields.Selection(
        [("picking_type", "Operation Type"), ("workcenter", "Work Center")], readonly=True
    )
    name = fields.Char(compute="_compute_name")
    picking_type_id = fields.Many2one("stock.picking.type", "Operation Type", readonly=True)
    workcenter_id = fields.Many2one("mrp.workcenter", "Work Center", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    sequence = fields.Integer(readonly=True)
    color = fields.Integer(readonly=True)
    inspection_todo_count = fields.Integer(
        "To Do", compute="_compute_inspection_counts", help="Inspections still to do."
    )
    inspection_late_count = fields.Integer(
        "Late",
        compute="_compute_inspection_counts",
        help="Inspections still to do past their deadline (the control point's time to "
        "inspect after the scheduled date of the transfer or the planned end of the "
        "manufacturing order).",
    )
    inspection_failed_count = fields.Integer(
        "Failed",
        compute="_compute_inspection_counts",
        help="Inspections decided with a failed result in the last 30 days.",
    )
    lot_hold_count = fields.Integer(
        "Lots on Hold",
        compute="_compute_lot_hold_count",
        help="Lots on hold whose holding inspection (the latest one still to do, or that "
        "rejected them) is of this operation type or work center. Lots blocked by hand "
        "without an inspection are on no card.",
    )

    def init(self):
        points = self.env["qms.control.point"]._fields["picking_type_ids"]
        drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW qms_overview AS (
                    SELECT picking_type.id * 2 AS id,
                           'picking_type' AS kind,
                           picking_type.id AS picking_type_id,
                           NULL::integer AS workcenter_id,
                           picking_type.warehouse_id,
                           picking_type.company_id,
                           picking_type.sequence,
                           picking_type.color
                      FROM stock_picking_type picking_type
                     WHERE picking_type.active
                       AND (EXISTS (SELECT 1
                                      FROM %(point_rel)s point_rel
                                      JOIN qms_control_point point
                                        ON point.id = point_rel.%(point_col)s AND point.active
                                     WHERE point_rel.%(type_col)s = picking_type.id)
                            OR EXISTS (SELECT 1
                                         FROM qms_inspection inspection
                                        WHERE inspection.picking_type_id = picking_type.id))
                    UNION ALL
                    SELECT workcenter.id * 2 + 1,
                           'workcenter',
                           NULL,
                           workcenter.id,
                           NULL,
                           workcenter.company_id,
                           workcenter.sequence,
                           workcenter.color
                      FROM mrp_workcenter workcenter
                     WHERE workcenter.active
                       AND EXISTS (SELECT 1
                                     FROM qms_inspection inspection
                                    WHERE inspection.workcenter_id = workcenter.id)
                )
                """,
                point_rel=SQL.identifier(points.relation),
                point_col=SQL.identifier(points.column1),
                type_col=SQL.identifier(points.column2),
            )
        )

    @api.depends("picking_type_id.name", "workcenter_id.name")
    def _compute_name(self):
        for card in self:
            card.name = card.picking_type_id.name or card.workcenter_id.name

    def _qms_cards_by_field(self):
        """{field of the operation type or work center: the cards of that kind}."""
        return {
            field: cards
            for kind, field in CARD_FIELDS.items()
            if (cards := self.filtered(lambda card, kind=kind: card.kind == kind))
        }

    def _qms_card_field(self):
        self.ensure_one()
        return CARD_FIELDS[self.kind]

    def _qms_card_target(self):
        """The operation type or work center of the card."""
        return self[self._qms_card_field()]

    def _qms_count(self, model, figure, domain):
        """Set ``figure`` on the cards: the records of ``model`` matching ``domain`` grouped
        by the card's operation type or work center, one grouped query per kind of card."""
        for field, cards in self._qms_cards_by_field().items():
            counts = dict(
                self.env[model]._read_group(
                    [(field, "in", cards[field].ids), *domain], [field], ["__count"]
                )
            )
            for card in cards:
                card[figure] = counts.get(card[field], 0)

    @api.model
    def _qms_failed_since(self):
        """The first day of the failed inspections shown: the user's today minus 30 days."""
        return fields.Date.context_today(self) - timedelta(days=FAILED_DAYS)

    @api.model
    def _qms_inspection_domains(self):
        """The inspections of each figure, besides the card's; the search filters of the
        links (``todo``, ``late``, ``failed_recent``) say the same."""
        return {
            "inspection_todo_count": [("state", "=", "todo")],
            "inspection_late_count": [("is_late", "=", True)],
            "inspection_failed_count": [
                ("state", "=", "done"),
                ("result", "=", "fail"),
                ("date_done", ">=", self._qms_failed_since()),
            ],
        }

    def _compute_inspection_counts(self):
        for figure, domain in self._qms_inspection_domains().items():
            self._qms_count("qms.inspection", figure, domain)

    def _compute_lot_hold_count(self):
        Lot = self.env["stock.lot"]
        for field, cards in self._qms_cards_by_field().items():
            # The lots the user may read, held by an inspection of these cards.
            visible = Lot._search([])
            counts = dict(
                self.env.execute_query(
                    SQL(
                        """
                        SELECT inspection.%(field)s, COUNT(*)
                          FROM (%(holding)s) holding
                          JOIN qms_inspection inspection
                            ON inspection.id = holding.inspection_id
                         WHERE inspection.%(field)s IN %(targets)s
                           AND holding.lot_id IN %(visible)s
                         GROUP BY inspection.%(field)s
                        """,
                        field=SQL.identifier(field),
                        holding=Lot._qms_holding_sql(),
                        targets=tuple(cards[field].ids),
                        visible=visible.subselect(),
                    )
                )
            )
            for card in cards:
                card.lot_hold_count = counts.get(card[field].id, 0)

    # ------------------------------------------------------------------
    # Links of the card
    # ------------------------------------------------------------------
    def _qms_search_defaults(self, prefix=""):
        """The search facet of the card's operation type or work center, for a list opened
        from it (``prefix`` for the lots: ``qms_hold_``)."""
        return {
            "search_default_%s%s" % (prefix, self._qms_card_field()): self._qms_card_target().id
        }

    def _qms_action_inspections(self, filter_name, title):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("quality_core.qms_inspection_action")
        action["name"] = self.env._("%(card)s: %(title)s", card=self.name, title=title)
        action["context"] = {"search_default_%s" % filter_name: 1, **self._qms_search_defaults()}
        return action

    def action_view_inspections_todo(self):
        return self._qms_action_inspections("todo", self.env._("Inspections to Do"))

    def action_view_inspections_late(self):
        return self._qms_action_inspections("late", self.env._("Late Inspections"))

    def action_view_inspections_failed(self):
        return self._qms_action_inspections(
            "failed_recent", self.env._("Failed in the Last 30 Days")
        )

    def action_view_lots_on_hold(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "quality_core.stock_lot_action_qms_hold"
        )
        action["name"] = self.env._("%(card)s: Lots on Hold", card=self.name)
        action["context"] = {
            "display_complete": True,
            "create": False,
            **self._qms_search_defaults(prefix="qms_hold_"),
        }
        return action
