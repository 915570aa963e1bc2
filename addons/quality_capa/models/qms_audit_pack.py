# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.tools import SQL, formatLang

from odoo.addons.quality_core.models.qms_audit_pack import AuditSection
from odoo.addons.quality_core.models.qms_xlsx_mixin import XlsxSheet


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
        origins = self._qms_audit_labels("qms.nonconformity", "origin")
        severities = self._qms_audit_labels("qms.nonconformity", "severity")
        states = self._qms_audit_labels("qms.nonconformity", "state")
        dispositions = self._qms_audit_labels("qms.nonconformity", "disposition")
        causes = self._qms_audit_labels("qms.nonconformity", "root_cause_category")
        register = SQL(
            """
            SELECT ncr.id AS key, ncr.name, ncr.date, ncr.origin, ncr.severity, %(product)s,
                   lot.name, ncr.qty, partner.name, inspection.name, ncr.root_cause_category,
                   ncr.disposition, ncr.state, capa.name, ncr.cost, currency.name
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
            """,
            product=self._qms_audit_name(SQL("template.name")),
            companies=companies,
            start=start,
            stop=stop,
        )

        def register_row(row):
            row = list(row)
            row[1] = self._qms_audit_local(row[1])
            row[2] = origins.get(row[2], "")
            row[3] = severities.get(row[3], "")
            row[9] = causes.get(row[9], "")
            row[10] = dispositions.get(row[10], "")
            row[11] = states.get(row[11], "")
            return row

        line_states = self._qms_audit_labels("qms.nonconformity.disposition", "state")
        applied = SQL(
            """
            SELECT line.id AS key, ncr.name, line.disposition, line.qty, line.state,
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
            """,
            companies=companies,
            start=start,
            stop=stop,
        )

        def applied_row(row):
            row = list(row)
            row[1] = dispositions.get(row[1], "")
            row[3] = line_states.get(row[3], "")
            return row

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
            [
                XlsxSheet(
                    self.env._("NCR Register"),
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
                    self._qms_audit_rows(register, register_row),
                    (16, 17, 12, 10, 30, 16, 10, 24, 18, 12, 16, 10, 16, 12, 8),
                ),
                XlsxSheet(
                    self.env._("Dispositions"),
                    [
                        self.env._("Nonconformity"),
                        self.env._("Disposition"),
                        self.env._("Quantity"),
                        self.env._("Status"),
                        self.env._("Document"),
                        self.env._("Cost"),
                        self.env._("Currency"),
                    ],
                    self._qms_audit_rows(applied, applied_row),
                    (16, 16, 10, 12, 20, 12, 8),
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
        types = self._qms_audit_labels("qms.capa", "capa_type")
        steps = self._qms_audit_labels("qms.capa", "step")
        states = self._qms_audit_labels("qms.capa", "state")
        causes = self._qms_audit_labels("qms.capa", "root_cause_category")
        effectiveness = self._qms_audit_labels("qms.capa", "effectiveness")
        register = SQL(
            """
            SELECT capa.id AS key, capa.name, capa.title, capa.capa_type, partner.name,
                   capa.create_date, capa.date_deadline, capa.step, capa.state,
                   capa.root_cause_category, capa.root_cause, capa.date_closed,
                   CASE WHEN capa.state = 'done' THEN capa.on_time = 100 END,
                   capa.effectiveness, capa.date_effectiveness,
                   (SELECT count(*) FROM qms_nonconformity ncr WHERE ncr.capa_id = capa.id)
              FROM qms_capa capa
              LEFT JOIN res_partner partner ON partner.id = capa.partner_id
             WHERE %s
            """,
            active,
        )
        yes, no = self.env._("Yes"), self.env._("No")

        def register_row(row):
            row = list(row)
            row[2] = types.get(row[2], "")
            row[4] = self._qms_audit_local(row[4])
            row[6] = steps.get(row[6], "")
            row[7] = states.get(row[7], "")
            row[8] = causes.get(row[8], "")
            row[10] = self._qms_audit_local(row[10])
            row[11] = "" if row[11] is None else (yes if row[11] else no)
            row[12] = effectiveness.get(row[12], "")
            return row

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
            [
                XlsxSheet(
                    self.env._("CAPA Register"),
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
                    self._qms_audit_rows(register, register_row),
                    (16, 30, 14, 24, 17, 12, 14, 10, 14, 40, 17, 10, 14, 12, 10),
                ),
            ],
        )
