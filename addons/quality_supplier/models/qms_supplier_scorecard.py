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
    # Grouped rows (pivot, graph, grouped list) grade their summed counts: see read_group.
    lot_acceptance_rate = fields.Float(
        "Lot Acceptance (%, Month)",
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="Lots inspected and accepted ÷ lots inspected, of the receipts of the month. "
        "A group of rows shows the rate of its summed counts.",
    )
    ppm = fields.Float(
        "PPM (Month)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Quantity rejected ÷ quantity received × 1,000,000, of the receipts of the month. "
        "A group of rows shows the PPM of its summed counts.",
    )
    otd_rate = fields.Float(
        "On-Time Delivery (%, Month)",
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="Receipt lines of the month received within the company's on-time window around "
        "the promised date ÷ receipt lines. A group of rows shows the rate of its summed counts.",
    )
    score = fields.Float(
        "Score (Month)",
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="Quality points of the PPM and the on-time delivery rate of the month, weighted "
        "as set for the company. A group of rows shows the score of its summed counts, as the "
        "vendor form does for the last 12 months, not an average of monthly scores.",
    )
    grade = fields.Selection(GRADES, "Grade (Month)", readonly=True)

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
            written += self._qms_rewrite(company, date_from, date_to)
        return written

    @api.model
    def _qms_rewrite(self, company, date_from, date_to, partners=None):
        """Rewrite a company's snapshots of the months from ``date_from`` to ``date_to``, of
        ``partners`` only if given: rows keep their ids, rows of months without receipts go.
        Returns the number of snapshots written."""
        rows = self._qms_fetch_counts(company, date_from, date_to, partners)
        written = self._qms_insert(company, rows, company._qms_score_rules())
        partner_filter = (
            SQL("AND partner_id = ANY(%s)", list(partners.commercial_partner_id.ids))
            if partners is not None
            else SQL()
        )
        self.env.cr.execute(
            SQL(
                "DELETE FROM qms_supplier_scorecard WHERE company_id = %s "
                "AND period_start BETWEEN %s AND %s AND id != ALL(%s) %s",
                company.id,
                date_from,
                date_to,
                written,
                partner_filter,
            )
        )
        self.invalidate_model()
        self.env["res.partner"].invalidate_model(self.env["res.partner"]._qms_score_fields())
        return len(written)

    @api.model
    def _qms_refresh_moves(self, moves):
        """Rewrite the snapshots of the vendors and months of done receipt ``moves`` only, e.g.
        when one of their lots is decided: the vendor's figures need not wait for the night."""
        moves = moves.sudo().filtered(
            lambda m: m.state == "done" and m.purchase_line_id and m.location_id.usage == "supplier"
        )
        for company in moves.company_id:
            company_moves = moves.filtered(lambda m, company=company: m.company_id == company)
            months = [move.date.date().replace(day=1) for move in company_moves]
            self.sudo()._qms_rewrite(
                company,
                min(months),
                max(months) + relativedelta(months=1, days=-1),
                partners=company_moves.purchase_line_id.order_id.partner_id,
            )

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """Groups grade their summed counts, as the vendor form does for its 12 months.

        An average of monthly scores or rates weighs a month of one receipt like a month of a
        hundred: the pivot showed 78 where the vendor form, over the same months, showed 20.
        """
        ratios = [spec.split(":")[0] for spec in fields if spec.split(":")[0] in scorecard.RATIOS]
        if not ratios:
            return super().read_group(domain, fields, groupby, offset, limit, orderby, lazy)
        counts = {"__qms_%s" % name: name for name in scorecard.COUNTS}
        specs = [*fields, *("%s:sum(%s)" % (alias, name) for alias, name in counts.items())]
        groups = super().read_group(domain, specs, groupby, offset, limit, orderby, lazy)
        companies = {}
        for group in groups:
            company = group.get("company_id") and group["company_id"][0] or self.env.company.id
            if company not in companies:
                companies[company] = self.env["res.company"].browse(company)._qms_score_rules()
            values = scorecard.evaluate(
                {name: group.pop(alias) for alias, name in counts.items()}, companies[company]
            )
            for name in ratios:
                group[name] = values[name]
        return groups

    @api.model
    def _qms_insert(self, company, rows, rules):
        """Insert or update the snapshots of ``rows``; returns their ids."""
        if not rows:
            return []
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
        updated = SQL(", ").join(
            SQL("%s = EXCLUDED.%s", SQL.identifier(column), SQL.identifier(column))
            for column in (*columns[3:], "write_uid", "write_date")
        )
        ids = []
        batch = 5000
        for index in range(0, len(records), batch):
            self.env.cr.execute(
                SQL(
                    "INSERT INTO qms_supplier_scorecard (%s, create_uid, create_date, write_uid, "
                    "write_date) VALUES %s ON CONFLICT (company_id, partner_id, period_start) "
                    "DO UPDATE SET %s RETURNING id",
                    SQL(", ").join(SQL.identifier(column) for column in columns),
                    SQL(", ").join(
                        SQL("(%s, %s, %s, %s, %s)", SQL(", ").join(record), uid, now, uid, now)
                        for record in records[index : index + batch]
                    ),
                    updated,
                )
            )
            ids += [row[0] for row in self.env.cr.fetchall()]
        return ids

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
