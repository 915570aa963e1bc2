# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.tools import SQL

from odoo.addons.quality_core.models.qms_audit_pack import AuditSection
from odoo.addons.quality_core.models.qms_xlsx_mixin import XlsxSheet


class QmsAuditPack(models.Model):
    _inherit = "qms.audit.pack"

    def _qms_audit_section_supplier(self):
        """§8.4 / IATF §8.4.2.4: the vendors' monthly scorecards of the period, the
        approved-supplier list and the certificates as they stood at the period's end."""
        companies = self._qms_audit_company_ids()
        grades = self._qms_audit_labels("qms.supplier.scorecard", "grade")
        self.env.cr.execute(
            SQL(
                """
                SELECT card.period_start, partner.name, card.lines_received, card.lines_on_time,
                       card.lots_received, card.lots_inspected, card.lots_rejected,
                       card.qty_received, card.qty_rejected, card.lot_acceptance_rate, card.ppm,
                       card.otd_rate, card.score, card.grade, card.partner_id
                  FROM qms_supplier_scorecard card
                  JOIN res_partner partner ON partner.id = card.partner_id
                 WHERE card.company_id IN %s AND card.period_start >= %s
                   AND card.period_start <= %s
                 ORDER BY partner.name, card.partner_id, card.period_start
                """,
                companies,
                self.date_from.replace(day=1),
                self.date_to,
            )
        )
        cards = self.env.cr.fetchall()
        qty_received = sum(card[7] or 0.0 for card in cards)
        qty_rejected = sum(card[8] or 0.0 for card in cards)
        states = self._qms_audit_labels("qms.supplier.approval", "state")
        self.env.cr.execute(
            SQL(
                """
                SELECT partner.name, %(product)s, approval.state, approval.date_start,
                       approval.date_end, approval.condition
                  FROM qms_supplier_approval approval
                  JOIN res_partner partner ON partner.id = approval.partner_id
                  LEFT JOIN product_template template ON template.id = approval.product_tmpl_id
                 WHERE approval.active AND approval.company_id IN %(companies)s
                   AND (approval.date_start IS NULL OR approval.date_start <= %(end)s)
                   AND (approval.date_end IS NULL OR approval.date_end >= %(end)s)
                 ORDER BY partner.name, 2
                """,
                product=self._qms_audit_name(SQL("template.name")),
                companies=companies,
                end=self.date_to,
            )
        )
        approvals = [
            [name, product or "", states.get(state, ""), start, end, condition or ""]
            for name, product, state, start, end, condition in self.env.cr.fetchall()
        ]
        types = self._qms_audit_labels("qms.supplier.certificate", "certificate_type")
        self.env.cr.execute(
            SQL(
                """
                SELECT partner.name, certificate.name, certificate.certificate_type,
                       certificate.reference, certificate.issuer, certificate.date_issue,
                       certificate.date_expiry
                  FROM qms_supplier_certificate certificate
                  JOIN res_partner partner ON partner.id = certificate.partner_id
                 WHERE certificate.active AND certificate.company_id IN %s
                 ORDER BY partner.name, certificate.date_expiry
                """,
                companies,
            )
        )
        certificates = []
        for vendor, title, kind, reference, issuer, issued, expiry in self.env.cr.fetchall():
            expired = bool(expiry and expiry < self.date_to)
            certificates.append(
                [
                    vendor,
                    title,
                    types.get(kind, ""),
                    reference or "",
                    issuer or "",
                    issued,
                    expiry,
                    self.env._("Expired") if expired else self.env._("Valid"),
                ]
            )
        return AuditSection(
            [
                (self.env._("Vendors scored"), len({card[14] for card in cards})),
                (self.env._("Lots received"), sum(card[4] or 0 for card in cards)),
                (self.env._("Lots rejected"), sum(card[6] or 0 for card in cards)),
                (
                    self.env._("PPM of the period"),
                    round(1e6 * qty_rejected / qty_received, 1) if qty_received else 0.0,
                ),
                (
                    self.env._("Vendors graded D in a month"),
                    len({card[14] for card in cards if card[13] == "D"}),
                ),
                (
                    self.env._("Approved-supplier list entries at the end of the period"),
                    len(approvals),
                ),
                (
                    self.env._("Certificates expired at the end of the period"),
                    sum(1 for row in certificates if row[7] == self.env._("Expired")),
                ),
            ],
            [
                XlsxSheet(
                    self.env._("Scorecards"),
                    [
                        self.env._("Month"),
                        self.env._("Vendor"),
                        self.env._("Receipt Lines"),
                        self.env._("Lines on Time"),
                        self.env._("Lots Received"),
                        self.env._("Lots Inspected"),
                        self.env._("Lots Rejected"),
                        self.env._("Quantity Received"),
                        self.env._("Quantity Rejected"),
                        self.env._("Lot Acceptance (%)"),
                        self.env._("PPM"),
                        self.env._("On-Time Delivery (%)"),
                        self.env._("Score"),
                        self.env._("Grade"),
                    ],
                    [[*card[:13], grades.get(card[13], card[13] or "")] for card in cards],
                    (12, 30, 10, 10, 10, 10, 10, 12, 12, 10, 10, 10, 8, 8),
                ),
                XlsxSheet(
                    self.env._("Approved Suppliers"),
                    [
                        self.env._("Vendor"),
                        self.env._("Product"),
                        self.env._("Status"),
                        self.env._("Valid From"),
                        self.env._("Valid Until"),
                        self.env._("Condition"),
                    ],
                    approvals,
                    (30, 30, 20, 12, 12, 40),
                ),
                XlsxSheet(
                    self.env._("Certificates"),
                    [
                        self.env._("Vendor"),
                        self.env._("Title"),
                        self.env._("Type"),
                        self.env._("Certificate No."),
                        self.env._("Issued by"),
                        self.env._("Issued on"),
                        self.env._("Expires on"),
                        self.env._("At the End of the Period"),
                    ],
                    certificates,
                    (30, 30, 24, 16, 20, 12, 12, 14),
                ),
            ],
        )
