# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL

SCAR_COUNTS = ("scars_sent", "scars_open", "scars_late", "scars_closed", "scars_closed_on_time")


class ResPartner(models.Model):
    _inherit = "res.partner"

    qms_scar_open_count = fields.Integer(
        "Open SCARs",
        compute="_compute_qms_scar_figures",
        compute_sudo=True,
        help="Supplier corrective action requests to the vendor that are still open.",
    )
    qms_scar_late_count = fields.Integer(
        "Late SCARs",
        compute="_compute_qms_scar_figures",
        compute_sudo=True,
        help="Open supplier corrective action requests past their deadline.",
    )
    qms_scar_on_time_rate = fields.Float(
        "SCARs Closed on Time (12 months) (%)",
        compute="_compute_qms_scar_figures",
        compute_sudo=True,
        digits=(16, 2),
        help="Of the vendor's corrective action requests closed in the last 12 months, this "
        "month included, the share closed by their deadline (100 when none was closed).",
    )

    def _qms_scar_counts(self, date_from, date_to):
        """SCAR figures per commercial partner in the current company, for the period from
        ``date_from`` to ``date_to`` (dates, inclusive), with the keys of ``SCAR_COUNTS``:
        sent in the period; open at its end, and of those past their deadline; closed in the
        period, and of those by their deadline (as ``qms.capa.on_time`` counts). Cancelled
        requests don't count."""
        self.env["qms.capa"].flush_model()
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.env.cr.execute(
            SQL(
                """
                WITH scar AS (
                    SELECT rp.commercial_partner_id AS partner_id,
                           capa.date_scar_sent::date AS sent,
                           capa.date_deadline AS deadline,
                           CASE WHEN capa.state = 'done' THEN capa.date_closed::date END AS closed,
                           capa.create_date::date AS created
                      FROM qms_capa capa
                      JOIN res_partner rp ON rp.id = capa.partner_id
                     WHERE capa.capa_type = 'scar'
                       AND capa.state != 'cancel'
                       AND capa.company_id = %(company)s
                       AND rp.commercial_partner_id = ANY(%(partners)s)
                ), period AS (
                    SELECT *,
                           created <= %(to)s AND (closed IS NULL OR closed > %(to)s) AS open_at_end,
                           closed BETWEEN %(from)s AND %(to)s AS closed_in_period
                      FROM scar
                )
                SELECT partner_id,
                       COUNT(*) FILTER (WHERE sent BETWEEN %(from)s AND %(to)s),
                       COUNT(*) FILTER (WHERE open_at_end),
                       COUNT(*) FILTER (WHERE open_at_end AND deadline < %(to)s),
                       COUNT(*) FILTER (WHERE closed_in_period),
                       COUNT(*) FILTER (WHERE closed_in_period
                                          AND (deadline IS NULL OR closed <= deadline))
                  FROM period
              GROUP BY partner_id
                """,
                company=self.env.company.id,
                partners=self.commercial_partner_id.ids,
                to=date_to,
                **{"from": date_from},
            )
        )
        return {
            partner_id: dict(zip(SCAR_COUNTS, counts, strict=True))
            for partner_id, *counts in self.env.cr.fetchall()
        }

    @api.model
    def _qms_scar_rate(self, counts):
        closed = counts.get("scars_closed", 0)
        return round(100.0 * counts["scars_closed_on_time"] / closed, 2) if closed else 100.0

    @api.depends_context("company")
    def _compute_qms_scar_figures(self):
        today = fields.Date.context_today(self)
        figures = self._qms_scar_counts(self._qms_current_period(), today)
        for partner in self:
            counts = figures.get(partner.commercial_partner_id.id, {})
            partner.qms_scar_open_count = counts.get("scars_open", 0)
            partner.qms_scar_late_count = counts.get("scars_late", 0)
            partner.qms_scar_on_time_rate = self._qms_scar_rate(counts)

    def qms_scorecard(self, date_from, date_to):
        """The scorecard with the vendor's corrective action requests of the period:
        ``scars_sent``, ``scars_open`` and ``scars_late`` (at the end of the period),
        ``scars_closed``, ``scars_closed_on_time`` and ``scar_on_time_rate`` (%)."""
        values = super().qms_scorecard(date_from, date_to)
        counts = (
            self.sudo()
            ._qms_scar_counts(
                fields.Date.to_date(values["date_from"]), fields.Date.to_date(values["date_to"])
            )
            .get(self.commercial_partner_id.id, dict.fromkeys(SCAR_COUNTS, 0))
        )
        values.update(counts, scar_on_time_rate=self._qms_scar_rate(counts))
        return values
