# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import scorecard

GRADES = [("A", "A"), ("B", "B"), ("C", "C"), ("D", "D")]


class QmsSupplierScorecard(models.Model):
    """Monthly snapshot of a vendor's quality and delivery figures.

    Written in bulk by ``_qms_recompute`` from one SQL aggregate over the receipts; the counts are
    stored so that any run of months can be summed and graded again exactly.
    """

    _name = "qms.supplier.scorecard"
    _description = "Supplier Scorecard (monthly)"
    _order = "period_start desc, score desc, id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", "Vendor", required=True, readonly=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    period_start = fields.Date("Month", required=True, readonly=True, index=True)
    lines_received = fields.Integer("Receipt Lines", readonly=True)
    lines_on_time = fields.Integer("Lines on Time", readonly=True)
    qty_received = fields.Float("Quantity Received", readonly=True)
    lots_received = fields.Integer(readonly=True)
    lots_inspected = fields.Integer(readonly=True)
    lots_rejected = fields.Integer(
        readonly=True,
        help="Inspected lots that failed: rejected, or accepted under concession.",
    )
    qty_rejected = fields.Float("Quantity Rejected", readonly=True)
    lot_acceptance_rate = fields.Float(
        "Lot Acceptance (%)", readonly=True, aggregator="avg", digits=(16, 2)
    )
    ppm = fields.Float("PPM", readonly=True, aggregator="avg", digits=(16, 1))
    otd_rate = fields.Float("On-Time Delivery (%)", readonly=True, aggregator="avg", digits=(16, 2))
    score = fields.Float(readonly=True, aggregator="avg", digits=(16, 2))
    grade = fields.Selection(GRADES, readonly=True)

    _sql_constraints = [
        (
            "partner_period_unique",
            "UNIQUE(company_id, partner_id, period_start)",
            "A vendor has one scorecard per month and company.",
        ),
    ]

    # ------------------------------------------------------------------
    # Aggregation
    # ------------------------------------------------------------------
    @api.model
    def _qms_counts_query(self, company, date_from, date_to, partners=None, monthly=True):
        """SQL summing a company's receipts from vendors between two dates (inclusive).

        One row per vendor (commercial partner), and per month with ``monthly``, with the columns
        of ``scorecard.COUNTS``. Receipts are done moves from a vendor location that belong to a
        purchase order line; a lot is a distinct (move, lot) of their move lines; an inspected
        lot counts once however many control points inspected it, rejected if any of them failed
        it (rejected or accepted under concession). On time means received between the promised
        date of the line minus the early days and plus the late days.
        """
        start = fields.Datetime.to_datetime(fields.Date.to_date(date_from))
        stop = fields.Datetime.to_datetime(fields.Date.to_date(date_to) + relativedelta(days=1))
        period = SQL("date_trunc('month', sm.date)::date") if monthly else SQL("NULL::date")
        partner_filter = (
            SQL("AND rp.commercial_partner_id = ANY(%s)", list(partners.commercial_partner_id.ids))
            if partners is not None
            else SQL()
        )
        return SQL(
            """
            WITH receipt AS (
                SELECT sm.id AS move_id,
                       rp.commercial_partner_id AS partner_id,
                       %(period)s AS period_start,
                       sm.product_qty AS qty,
                       sm.date::date BETWEEN pol.date_planned::date - %(early)s
                                         AND pol.date_planned::date + %(late)s AS on_time
                  FROM stock_move sm
                  JOIN stock_location src ON src.id = sm.location_id AND src.usage = 'supplier'
                  JOIN purchase_order_line pol ON pol.id = sm.purchase_line_id
                  JOIN purchase_order po ON po.id = pol.order_id
                  JOIN res_partner rp ON rp.id = po.partner_id
                 WHERE sm.state = 'done'
                   AND sm.company_id = %(company)s
                   AND sm.date >= %(start)s AND sm.date < %(stop)s
                   %(partner_filter)s
            ), move_lots AS (
                SELECT sml.move_id, COUNT(DISTINCT sml.lot_id) AS lots
                  FROM stock_move_line sml
                  JOIN receipt ON receipt.move_id = sml.move_id
                 WHERE sml.state = 'done'
              GROUP BY sml.move_id
            ), inspected_lot AS (
                SELECT i.move_id,
                       BOOL_OR(i.state = 'done') AS decided,
                       BOOL_OR(i.decision IN ('reject', 'concession')) AS rejected,
                       MAX(i.qty) AS qty
                  FROM qms_inspection i
                  JOIN receipt ON receipt.move_id = i.move_id
                 WHERE i.state != 'cancel'
              GROUP BY i.move_id, COALESCE(i.lot_id, 0), i.lot_name
            ), inspected_move AS (
                SELECT move_id,
                       COUNT(*) FILTER (WHERE decided) AS lots_inspected,
                       COUNT(*) FILTER (WHERE rejected) AS lots_rejected,
                       COALESCE(SUM(qty) FILTER (WHERE rejected), 0) AS qty_rejected
                  FROM inspected_lot
              GROUP BY move_id
            )
            SELECT receipt.partner_id,
                   receipt.period_start,
                   COUNT(*) AS lines_received,
                   COUNT(*) FILTER (WHERE receipt.on_time) AS lines_on_time,
                   SUM(receipt.qty) AS qty_received,
                   SUM(GREATEST(COALESCE(move_lots.lots, 0), 1)) AS lots_received,
                   COALESCE(SUM(inspected_move.lots_inspected), 0) AS lots_inspected,
                   COALESCE(SUM(inspected_move.lots_rejected), 0) AS lots_rejected,
                   COALESCE(SUM(inspected_move.qty_rejected), 0) AS qty_rejected
              FROM receipt
         LEFT JOIN move_lots ON move_lots.move_id = receipt.move_id
         LEFT JOIN inspected_move ON inspected_move.move_id = receipt.move_id
          GROUP BY receipt.partner_id, receipt.period_start
            """,
            period=period,
            early=company.qms_otd_days_early,
            late=company.qms_otd_days_late,
            company=company.id,
            start=start,
            stop=stop,
            partner_filter=partner_filter,
        )

    @api.model
    def _qms_fetch_counts(self, company, date_from, date_to, partners=None, monthly=True):
        for model in ("stock.move", "stock.move.line", "qms.inspection", "purchase.order.line"):
            self.env[model].flush_model()
        self.env["purchase.order"].flush_model(["partner_id"])
        self.env.cr.execute(self._qms_counts_query(company, date_from, date_to, partners, monthly))
        return self.env.cr.dictfetchall()

    @api.model
    def _qms_recompute(self, months=12, companies=None, today=None):
        """Rewrite the snapshots of the last ``months`` months (this one included).

        Returns the number of snapshots written.
        """
        if isinstance(months, bool) or not isinstance(months, int) or months < 1:
            raise UserError(
                self.env._(
                    "Recompute at least one month of supplier scorecards: give the number of "
                    "months as a whole number from 1 (got %(months)r).",
                    months=months,
                )
            )
        if today:
            today = self.env["qms.protected.mixin"]._qms_check_date(
                today, self.env._("Recompute the supplier scorecards: the last day")
            )
        today = today or fields.Date.context_today(self)
        date_from = today.replace(day=1) - relativedelta(months=months - 1)
        date_to = today.replace(day=1) + relativedelta(months=1, days=-1)
        written = 0
        for company in companies or self.env["res.company"].sudo().search([]):
            rules = company._qms_score_rules()
            rows = self._qms_fetch_counts(company, date_from, date_to)
            self.env.cr.execute(
                SQL(
                    "DELETE FROM qms_supplier_scorecard WHERE company_id = %s "
                    "AND period_start BETWEEN %s AND %s",
                    company.id,
                    date_from,
                    date_to,
                )
            )
            written += self._qms_insert(company, rows, rules)
        self.invalidate_model()
        return written

    @api.model
    def _qms_insert(self, company, rows, rules):
        if not rows:
            return 0
        columns = [
            "partner_id",
            "company_id",
            "period_start",
            *scorecard.COUNTS,
            "lot_acceptance_rate",
            "ppm",
            "otd_rate",
            "score",
            "grade",
        ]
        records = []
        for row in rows:
            values = scorecard.evaluate(row, rules)
            values.update(
                partner_id=row["partner_id"],
                company_id=company.id,
                period_start=row["period_start"],
                grade=values["grade"] or None,
            )
            records.append([values[column] for column in columns])
        uid, now = self.env.uid, fields.Datetime.now()
        batch = 5000
        for index in range(0, len(records), batch):
            self.env.cr.execute(
                SQL(
                    "INSERT INTO qms_supplier_scorecard (%s, create_uid, create_date, write_uid, "
                    "write_date) VALUES %s",
                    SQL(", ").join(SQL.identifier(column) for column in columns),
                    SQL(", ").join(
                        SQL("(%s, %s, %s, %s, %s)", SQL(", ").join(record), uid, now, uid, now)
                        for record in records[index : index + batch]
                    ),
                )
            )
        return len(records)

    @api.model
    def _cron_recompute(self):
        """Nightly: this month and the last one, where late decisions still change figures."""
        self._qms_recompute(months=2)

    @api.model
    def action_qms_recompute_year(self):
        """Rewrite the last 12 months of snapshots of the user's companies."""
        self.check_access("create")
        self._qms_recompute(months=12, companies=self.env.companies)
        return {"type": "ir.actions.client", "tag": "soft_reload"}
