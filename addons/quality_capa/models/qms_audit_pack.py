# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.tools import SQL, formatLang

from odoo.addons.quality_core.models.qms_audit_pack import AuditRegister, AuditSection

CAUSE = "root_cause_category"


class QmsAuditPack(models.Model):
    _inherit = "qms.audit.pack"

    def _qms_audit_section_nonconforming(self):
        """§8.7: the nonconformities found in the period, their dispositions and their cost."""
        start, stop = self._qms_audit_bounds()
        companies = self._qms_audit_company_ids()
        self.env.cr.execute(
            SQL(
                """
                SELECT count(*) FILTER (WHERE state != 'cancel'),
                       count(*) FILTER (WHERE state != 'cancel' AND severity = 'critical'),
                       count(*) FILTER (WHERE state != 'cancel' AND severity = 'major'),
                       count(*) FILTER (WHERE state != 'cancel' AND severity = 'minor'),
                       count(*) FILTER (WHERE state = 'closed'),
                       count(*) FILTER (WHERE state IN ('draft', 'open'))
                  FROM qms_nonconformity
                 WHERE company_id IN %s AND date >= %s AND date < %s
                """,
                companies,
                start,
                stop,
            )
        )
        found, critical, major, minor, closed, still_open = self.env.cr.fetchone()
        self.env.cr.execute(
            SQL(
                """
                SELECT currency.name, sum(ncr.cost)
                  FROM qms_nonconformity ncr
                  JOIN res_company company ON company.id = ncr.company_id
                  JOIN res_currency currency ON currency.id = company.currency_id
                 WHERE ncr.company_id IN %s AND ncr.date >= %s AND ncr.date < %s
                   AND ncr.state != 'cancel'
                 GROUP BY currency.name ORDER BY currency.name
                """,
                companies,
                start,
                stop,
            )
        )
        costs = ", ".join(
            "%s %s" % (formatLang(self.env, amount or 0.0, digits=2), currency)
            for currency, amount in self.env.cr.fetchall()
        ) or formatLang(self.env, 0.0, digits=2)
        ncr = "qms.nonconformity"
        register = SQL(
            """
            SELECT ncr.name, %(found_on)s, %(origin)s, %(severity)s, %(product)s,
                   lot.name, ncr.qty, partner.name, inspection.name, %(cause)s,
                   %(disposition)s, %(state)s, capa.name, ncr.cost, currency.name
              FROM qms_nonconformity ncr
              JOIN res_company company ON company.id = ncr.company_id
              JOIN res_currency currency ON currency.id = company.currency_id
              LEFT JOIN product_product product ON product.id = ncr.product_id
              LEFT JOIN product_template template ON template.id = product.product_tmpl_id
              LEFT JOIN stock_lot lot ON lot.id = ncr.lot_id
              LEFT JOIN res_partner partner ON partner.id = ncr.partner_id
              LEFT JOIN qms_inspection inspection ON inspection.id = ncr.inspection_id
              LEFT JOIN qms_capa capa ON capa.id = ncr.capa_id
             WHERE ncr.company_id IN %(companies)s
               AND ncr.date >= %(start)s AND ncr.date < %(stop)s
             ORDER BY ncr.date, ncr.id
            """,
            found_on=self._qms_audit_local_time(SQL("ncr.date")),
            origin=self._qms_audit_label(SQL("ncr.origin"), ncr, "origin"),
            severity=self._qms_audit_label(SQL("ncr.severity"), ncr, "severity"),
            product=self._qms_audit_name(SQL("template.name")),
            cause=self._qms_audit_label(SQL("ncr.root_cause_category"), ncr, CAUSE),
            disposition=self._qms_audit_label(SQL("ncr.disposition"), ncr, "disposition"),
            state=self._qms_audit_label(SQL("ncr.state"), ncr, "state"),
            companies=companies,
            start=start,
            stop=stop,
        )
        line = "qms.nonconformity.disposition"
        applied = SQL(
            """
            SELECT ncr.name, %(disposition)s, line.qty, %(state)s,
                   COALESCE(scrap.name, production.name, picking.name), line.cost, currency.name
              FROM qms_nonconformity_disposition line
              JOIN qms_nonconformity ncr ON ncr.id = line.nonconformity_id
              JOIN res_company company ON company.id = ncr.company_id
              JOIN res_currency currency ON currency.id = company.currency_id
              LEFT JOIN stock_scrap scrap ON scrap.id = line.scrap_id
              LEFT JOIN mrp_production production ON production.id = line.production_id
              LEFT JOIN stock_picking picking ON picking.id = line.picking_id
             WHERE ncr.company_id IN %(companies)s
               AND ncr.date >= %(start)s AND ncr.date < %(stop)s
             ORDER BY ncr.date, ncr.id, line.id
            """,
            disposition=self._qms_audit_label(SQL("line.disposition"), line, "disposition"),
            state=self._qms_audit_label(SQL("line.state"), line, "state"),
            companies=companies,
            start=start,
            stop=stop,
        )

        return AuditSection(
            [
                (self.env._("Nonconformities found"), found),
                (self.env._("Critical"), critical),
                (self.env._("Major"), major),
                (self.env._("Minor"), minor),
                (self.env._("Closed"), closed),
                (self.env._("Still open"), still_open),
                (self.env._("Cost of poor quality"), costs),
            ],
            registers=[
                AuditRegister(
                    "ncr-register",
                    [
                        self.env._("Reference"),
                        self.env._("Found On"),
                        self.env._("Origin"),
                        self.env._("Severity"),
                        self.env._("Product"),
                        self.env._("Lot/Serial Number"),
                        self.env._("Quantity"),
                        self.env._("Partner"),
                        self.env._("Inspection"),
                        self.env._("Root Cause"),
                        self.env._("Disposition"),
                        self.env._("Status"),
                        self.env._("CAPA"),
                        self.env._("Cost of Poor Quality"),
                        self.env._("Currency"),
                    ],
                    register,
                ),
                AuditRegister(
                    "dispositions",
                    [
                        self.env._("Nonconformity"),
                        self.env._("Disposition"),
                        self.env._("Quantity"),
                        self.env._("Status"),
                        self.env._("Document"),
                        self.env._("Cost"),
                        self.env._("Currency"),
                    ],
                    applied,
                ),
            ],
        )

    def _qms_audit_section_corrective(self):
        """§10.2 / IATF §10.2.3: the CAPAs open at any time in the period, the share closed by
        their deadline and the effectiveness found."""
        start, stop = self._qms_audit_bounds()
        companies = self._qms_audit_company_ids()
        active = SQL(
            """
            capa.company_id IN %(companies)s AND capa.state != 'cancel'
            AND capa.create_date < %(stop)s
            AND (capa.date_closed IS NULL OR capa.date_closed >= %(start)s)
            """,
            companies=companies,
            start=start,
            stop=stop,
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT count(*),
                       count(*) FILTER (WHERE create_date >= %(start)s),
                       count(*) FILTER (WHERE date_closed >= %(start)s
                                          AND date_closed < %(stop)s),
                       count(*) FILTER (WHERE date_closed >= %(start)s
                                          AND date_closed < %(stop)s AND on_time = 100),
                       count(*) FILTER (WHERE effectiveness = 'effective'),
                       count(*) FILTER (WHERE effectiveness = 'not_effective'),
                       count(*) FILTER (WHERE state = 'open' AND date_deadline < %(end)s)
                  FROM qms_capa capa
                 WHERE %(active)s
                """,
                start=start,
                stop=stop,
                end=self.date_to,
                active=active,
            )
        )
        total, opened, closed, on_time, effective, not_effective, late = self.env.cr.fetchone()
        capa = "qms.capa"
        register = SQL(
            """
            SELECT capa.name, capa.title, %(type)s, partner.name, %(opened)s,
                   capa.date_deadline, %(step)s, %(state)s, %(cause)s, capa.root_cause,
                   %(closed)s,
                   CASE WHEN capa.state != 'done' THEN ''
                        WHEN capa.on_time = 100 THEN %(yes)s ELSE %(no)s END,
                   %(effectiveness)s, capa.date_effectiveness,
                   (SELECT count(*) FROM qms_nonconformity ncr WHERE ncr.capa_id = capa.id)
              FROM qms_capa capa
              LEFT JOIN res_partner partner ON partner.id = capa.partner_id
             WHERE %(active)s
             ORDER BY capa.create_date, capa.id
            """,
            type=self._qms_audit_label(SQL("capa.capa_type"), capa, "capa_type"),
            opened=self._qms_audit_local_time(SQL("capa.create_date")),
            step=self._qms_audit_label(SQL("capa.step"), capa, "step"),
            state=self._qms_audit_label(SQL("capa.state"), capa, "state"),
            cause=self._qms_audit_label(
                SQL("capa.root_cause_category"), capa, "root_cause_category"
            ),
            closed=self._qms_audit_local_time(SQL("capa.date_closed")),
            yes=self.env._("Yes"),
            no=self.env._("No"),
            effectiveness=self._qms_audit_label(SQL("capa.effectiveness"), capa, "effectiveness"),
            active=active,
        )

        return AuditSection(
            [
                (self.env._("CAPAs open during the period"), total),
                (self.env._("Opened in the period"), opened),
                (self.env._("Closed in the period"), closed),
                (
                    self.env._("Closed on time (%)"),
                    round(100.0 * on_time / closed, 1) if closed else 0.0,
                ),
                (self.env._("Found effective"), effective),
                (self.env._("Found not effective"), not_effective),
                (self.env._("Open past their deadline at the end"), late),
            ],
            registers=[
                AuditRegister(
                    "capa-register",
                    [
                        self.env._("Reference"),
                        self.env._("Title"),
                        self.env._("Type"),
                        self.env._("Partner"),
                        self.env._("Opened On"),
                        self.env._("Deadline"),
                        self.env._("8D Step"),
                        self.env._("Status"),
                        self.env._("Root Cause Category"),
                        self.env._("Root Cause"),
                        self.env._("Closed On"),
                        self.env._("Closed on Time"),
                        self.env._("Effectiveness"),
                        self.env._("Effectiveness Checked On"),
                        self.env._("Nonconformities"),
                    ],
                    register,
                ),
            ],
        )
