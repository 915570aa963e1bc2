# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import csv
import hashlib
import os
import re
import tempfile
import time
import zipfile
from datetime import date, datetime, timedelta
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date, formatLang

from ..tools import spc as spc_tools
from ..tools.period import period_bounds, to_local
from .qms_protected_mixin import actions_writing
from .qms_xlsx_mixin import XlsxSheet

STANDARDS = [("iso9001", "ISO 9001:2015"), ("iatf16949", "IATF 16949:2016")]
# Rows read from the database at once for an evidence register: a year's register is streamed
# to its spreadsheet page by page, never held whole in memory.
PAGE_SIZE = 5000
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class AuditClause(NamedTuple):
    """A clause of the standards and the module that holds its evidence; ``section`` names the
    method ``_qms_audit_section_<section>`` that module adds to ``qms.audit.pack``."""

    section: str
    module: str
    iso: str
    iatf: str


# In the order of ISO 9001's clauses; the titles are in ``_qms_audit_titles``.
CLAUSES = (
    AuditClause("equipment", "quality_core", "7.1.5", "7.1.5.1.1, 7.1.5.2.1"),
    AuditClause("signatures", "quality_core", "7.5.3", "7.5.3.2.1"),
    AuditClause("supplier", "quality_supplier", "8.4", "8.4.2.4"),
    AuditClause("trace", "quality_trace", "8.5.2", "8.5.2.1"),
    AuditClause("release", "quality_core", "8.6", "8.6.1, 8.7.1.1"),
    AuditClause("nonconforming", "quality_capa", "8.7", "8.7.1.4 - 8.7.1.7"),
    AuditClause("analysis", "quality_core", "9.1.3", "9.1.1.1, 9.1.1.2"),
    AuditClause("corrective", "quality_capa", "10.2", "10.2.3, 10.2.4"),
)


class AuditRegister(NamedTuple):
    """A register of a clause, as large as the period's records: written to a CSV file by
    PostgreSQL's ``COPY`` straight from ``query`` (an SQL whose columns are the ``headers``,
    values already as the reader reads them), never held in memory."""

    name: str
    headers: list
    query: SQL


class AuditSection(NamedTuple):
    """What a module gives for its clause: ``figures`` for the index (label and value, in the
    order shown), the evidence ``sheets`` (``XlsxSheet``: summaries and short lists, in one
    workbook) and the ``registers`` (``AuditRegister``: one CSV file each)."""

    figures: list
    sheets: list = []
    registers: list = []


class QmsAuditPack(models.Model):
    """The evidence of a period for an ISO 9001 or IATF 16949 audit, in one ZIP: an index (PDF
    and XLSX) mapping each clause to its evidence, and one spreadsheet per clause.

    The figures and registers are read with SQL aggregates and written page by page, so a
    year of a busy plant builds in seconds and little memory. Each module of the suite adds
    the sections it holds the records of (``_qms_audit_section_<name>``); the section of a
    module that isn't installed says so.
    """

    _name = "qms.audit.pack"
    _description = "Audit Evidence Pack"
    _inherit = ["mail.thread", "qms.protected.mixin", "qms.xlsx.mixin"]
    _order = "date_to desc, id desc"
    _qms_protected_fields = frozenset(
        {
            "state",
            "attachment_id",
            "section_ids",
            "generated_by_id",
            "date_generated",
            "duration",
            "checksum",
        }
    )

    name = fields.Char(compute="_compute_name", store=True)
    standard = fields.Selection(
        STANDARDS, required=True, default="iso9001", tracking=True, readonly=False
    )
    date_from = fields.Date(
        "From",
        required=True,
        tracking=True,
        default=lambda self: (
            fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)
        ),
    )
    date_to = fields.Date(
        "To",
        required=True,
        tracking=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1) - timedelta(days=1),
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
        help="The company the pack is filed in.",
    )
    company_ids = fields.Many2many(
        "res.company",
        string="Companies",
        required=True,
        default=lambda self: self.env.company,
        help="The companies whose records the pack gathers.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Generated")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    attachment_id = fields.Many2one(
        "ir.attachment", "ZIP File", readonly=True, copy=False, ondelete="restrict"
    )
    file_name = fields.Char(related="attachment_id.name", string="File")
    checksum = fields.Char(
        "SHA-256",
        readonly=True,
        copy=False,
        help="The SHA-256 of the ZIP file when it was generated: compare it with the file "
        "given to the auditor.",
    )
    section_ids = fields.One2many("qms.audit.pack.section", "pack_id", "Clauses", readonly=True)
    generated_by_id = fields.Many2one("res.users", "Generated by", readonly=True, copy=False)
    date_generated = fields.Datetime("Generated on", readonly=True, copy=False)
    duration = fields.Float(
        "Build Time (s)", digits=(16, 2), readonly=True, copy=False, aggregator=False
    )

    @api.depends("standard", "date_from", "date_to")
    def _compute_name(self):
        labels = dict(self._fields["standard"]._description_selection(self.env))
        for pack in self:
            pack.name = "%s %s - %s" % (
                labels.get(pack.standard, ""),
                pack.date_from or "",
                pack.date_to or "",
            )

    # ------------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------------
    # Through the mixin's write and unlink: a caller who can't see the packs gets Odoo's
    # access error, which names none of them.
    def _qms_check_write(self, vals):
        result = super()._qms_check_write(vals)
        generated = self.filtered(lambda pack: pack.state == "done")
        if generated and {"standard", "date_from", "date_to", "company_ids", "company_id"} & set(
            vals
        ):
            raise UserError(
                self.env._(
                    "Audit pack %(packs)s is generated: its files are what the period held "
                    "then. Create a new pack for another period, standard or companies.",
                    packs=", ".join(generated.mapped("display_name")),
                )
            )
        return result

    def _qms_check_unlink(self):
        result = super()._qms_check_unlink()
        generated = self.filtered(lambda pack: pack.state == "done")
        if generated:
            raise UserError(
                self.env._(
                    "Audit pack %(packs)s is generated and filed as audit evidence: it can't be "
                    "deleted.",
                    packs=", ".join(generated.mapped("display_name")),
                )
            )
        return result

    @api.constrains("date_from", "date_to")
    def _qms_check_period(self):
        for pack in self:
            if pack.date_from > pack.date_to:
                raise ValidationError(
                    self.env._(
                        "Audit pack %(pack)s runs from %(start)s to %(end)s: the start comes "
                        "after the end.",
                        pack=pack.display_name,
                        start=pack.date_from,
                        end=pack.date_to,
                    )
                )

    def _qms_companies(self):
        return self.sudo().company_ids | self.sudo().company_id

    # ------------------------------------------------------------------
    # Generation
    # ------------------------------------------------------------------
    def action_generate(self):
        """Build the ZIP (Quality Manager working in the pack's companies) and return the id of
        its attachment: ``index.pdf`` and ``index.xlsx`` first, then one spreadsheet per clause.
        """
        self._qms_check_single(self, self.env._("Generating an audit pack"))
        self._qms_check_manager(self, self.env._("generate the audit pack"))
        self.check_access("write")
        if self.state == "done":
            raise UserError(
                self.env._(
                    "Audit pack %(pack)s was generated on %(date)s. Create a new pack to gather "
                    "the records again.",
                    pack=self.display_name,
                    date=self.date_generated,
                )
            )
        return self._qms_generate().id

    def action_download(self):
        self.ensure_one()
        if not self.attachment_id:
            raise UserError(
                self.env._(
                    "Audit pack %(pack)s has no file yet: generate it first.",
                    pack=self.display_name,
                )
            )
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/%s?download=true" % self.attachment_id.id,
            "target": "self",
        }

    def _qms_generate(self):
        """Build the pack without checking who asks (the cron's and ``action_generate``'s
        work); return its attachment."""
        self.ensure_one()
        started = time.perf_counter()
        self.env.flush_all()
        with tempfile.TemporaryDirectory(prefix="qms-audit-pack-") as folder:
            sections, files = [], []
            for sequence, clause in enumerate(self._qms_audit_clauses(), start=1):
                vals, paths = self._qms_audit_build(sequence, clause, folder)
                sections.append(vals)
                files += paths
            with actions_writing():
                self.section_ids.sudo().unlink()
                self.env["qms.audit.pack.section"].sudo().create(sections)
            index_xlsx = os.path.join(folder, "index.xlsx")
            self._qms_xlsx_write(index_xlsx, [self._qms_audit_index_sheet()])
            index_pdf = self._qms_audit_index_pdf(folder)
            archive = os.path.join(folder, "pack.zip")
            with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
                for path in [index_pdf, index_xlsx, *files]:
                    zipped.write(path, os.path.basename(path))
            with open(archive, "rb") as stream:
                raw = stream.read()
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": "%s.zip" % re.sub(r"[^\w.-]+", "-", self.name).strip("-"),
                    "raw": raw,
                    "res_model": self._name,
                    "res_id": self.id,
                    "mimetype": "application/zip",
                }
            )
        )
        duration = time.perf_counter() - started
        self._qms_write(
            {
                "state": "done",
                "attachment_id": attachment.id,
                "checksum": hashlib.sha256(raw).hexdigest(),
                "generated_by_id": self.env.user.id,
                "date_generated": fields.Datetime.now(),
                "duration": duration,
            }
        )
        self.message_post(
            body=self.env._(
                "Audit pack generated in %(seconds)s s: %(file)s (SHA-256 %(checksum)s).",
                seconds=formatLang(self.env, duration, digits=2),
                file=attachment.name,
                checksum=self.checksum,
            )
        )
        return attachment

    def _qms_audit_clauses(self):
        return CLAUSES

    def _qms_audit_titles(self):
        return {
            "equipment": self.env._("Monitoring and measuring resources: calibration records"),
            "signatures": self.env._(
                "Control of documented information: electronic signature log and its chain"
            ),
            "supplier": self.env._(
                "Externally provided products: supplier evaluation, scorecards, approved "
                "suppliers, certificates"
            ),
            "trace": self.env._("Identification and traceability: a recall drill"),
            "release": self.env._(
                "Release of products: inspection register, concessions and their signatures"
            ),
            "nonconforming": self.env._(
                "Control of nonconforming outputs: NCR register and dispositions"
            ),
            "analysis": self.env._("Analysis and evaluation: process capability, PPM trend"),
            "corrective": self.env._(
                "Corrective action: CAPA / 8D register, on-time rate, effectiveness"
            ),
        }

    def _qms_audit_build(self, sequence, clause, folder):
        """The values of the section of ``clause`` and the paths of its evidence files."""
        title = self._qms_audit_titles()[clause.section]
        vals = {
            "pack_id": self.id,
            "sequence": sequence,
            "clause": clause.iso,
            "iatf_clause": clause.iatf,
            "title": title,
            "module": clause.module,
        }
        method = getattr(self, "_qms_audit_section_%s" % clause.section, None)
        installed = (
            self.env["ir.module.module"]
            .sudo()
            .search_count([("name", "=", clause.module), ("state", "=", "installed")])
        )
        if method is None or not installed:
            vals.update(
                status="missing",
                figures=[
                    [
                        self.env._("Not in this database"),
                        self.env._(
                            "The module %(module)s is not installed: this clause has no "
                            "evidence from the suite.",
                            module=clause.module,
                        ),
                    ]
                ],
            )
            return vals, []
        section = method()
        vals["figures"] = [
            [label, self._qms_audit_format(value)] for label, value in section.figures
        ]
        stem = "%02d-%s-%s" % (sequence, clause.iso, clause.section)
        paths, rows = [], 0
        if section.sheets:
            paths.append(os.path.join(folder, "%s.xlsx" % stem))
            rows += sum(self._qms_xlsx_write(paths[-1], section.sheets, constant_memory=True))
        for register in section.registers:
            paths.append(os.path.join(folder, "%s-%s.csv" % (stem, register.name)))
            rows += self._qms_audit_write_csv(paths[-1], register)
        vals.update(
            status="done" if rows or not paths else "empty",
            file_name="\n".join(os.path.basename(path) for path in paths),
            row_count=rows,
        )
        return vals, paths

    def _qms_audit_write_csv(self, path, register):
        """Write ``register`` to ``path`` (UTF-8 with a BOM, for spreadsheets) with COPY;
        return its number of rows."""
        with open(path, "w", encoding="utf-8-sig", newline="") as stream:
            csv.writer(stream).writerow(register.headers)
            stream.flush()
            query = self.env.cr.mogrify(register.query.code, register.query.params).decode()
            self.env.cr.copy_expert("COPY (%s) TO STDOUT WITH (FORMAT csv)" % query, stream)
            return self.env.cr.rowcount

    def _qms_audit_format(self, value):
        """A figure as the user reads it: numbers and dates in the user's language."""
        if isinstance(value, bool) or value is None:
            return self.env._("Yes") if value else self.env._("No")
        if isinstance(value, int):
            return formatLang(self.env, value, digits=0)
        if isinstance(value, float):
            return formatLang(self.env, value, digits=0 if value.is_integer() else 2)
        if isinstance(value, datetime):
            lang = self.env["res.lang"]._lang_get(self.env.lang or "en_US")
            return fields.Datetime.context_timestamp(self, value).strftime(
                "%s %s" % (lang.date_format, lang.time_format)
            )
        if isinstance(value, date):
            return format_date(self.env, value)
        return str(value)

    def _qms_audit_index_sheet(self):
        labels = dict(
            self.env["qms.audit.pack.section"]._fields["status"]._description_selection(self.env)
        )
        return XlsxSheet(
            self.env._("Index"),
            [
                self.env._("ISO 9001 Clause"),
                self.env._("IATF 16949 Clause"),
                self.env._("Requirement"),
                self.env._("Evidence File"),
                self.env._("Rows"),
                self.env._("Status"),
                self.env._("Figures"),
            ],
            [
                [
                    section.clause,
                    section.iatf_clause,
                    section.title,
                    section.file_name or "",
                    section.row_count,
                    labels[section.status],
                    section.figures_text,
                ]
                for section in self.section_ids
            ],
            (10, 18, 60, 30, 8, 14, 80),
            (
                (self.env._("Standard"), dict(STANDARDS)[self.standard]),
                (self.env._("Period"), "%s - %s" % (self.date_from, self.date_to)),
                (self.env._("Companies"), ", ".join(self.company_ids.mapped("name"))),
            ),
        )

    def _qms_audit_index_pdf(self, folder):
        """Write the index as a PDF in ``folder``; return its path.

        Under tests Odoo renders reports as HTML unless the context has
        ``force_report_rendering``: the index is then ``index.html``. (A request of the test
        server can't wait for wkhtmltopdf, which loads the report's styles from that server.)
        """
        content, kind = self.env["ir.actions.report"]._render_qweb_pdf(
            "quality_core.action_report_qms_audit_pack", self.ids
        )
        path = os.path.join(folder, "index.%s" % kind)
        with open(path, "wb") as stream:
            stream.write(content)
        return path

    # ------------------------------------------------------------------
    # Helpers of the sections (here and in the other modules)
    # ------------------------------------------------------------------
    def _qms_audit_bounds(self):
        """The period as UTC datetimes ``(start, stop)``, ``stop`` excluded."""
        return period_bounds(self.env, self.date_from, self.date_to)

    def _qms_audit_company_ids(self):
        return tuple(self.company_ids.ids)

    def _qms_audit_name(self, column):
        """SQL of a translated name column (jsonb) in the user's language."""
        return SQL("COALESCE(%s->>%s, %s->>'en_US')", column, self.env.lang or "en_US", column)

    def _qms_audit_label(self, column, model, field):
        """SQL of a selection ``column`` as its label in the user's language."""
        labels = self._qms_audit_labels(model, field)
        if not labels:
            return SQL("''")
        return SQL(
            "CASE %s %s ELSE '' END",
            column,
            SQL(" ").join(SQL("WHEN %s THEN %s", key, label) for key, label in labels.items()),
        )

    def _qms_audit_local_time(self, column):
        """SQL of a UTC datetime ``column`` as the user's local time, to the second."""
        return SQL(
            "to_char(%s AT TIME ZONE 'UTC' AT TIME ZONE %s, 'YYYY-MM-DD HH24:MI:SS')",
            column,
            self.env.user.tz or self.env.context.get("tz") or "UTC",
        )

    def _qms_audit_labels(self, model, field):
        return dict(self.env[model]._fields[field]._description_selection(self.env))

    def _qms_audit_local(self, value):
        return to_local(self.env, value)

    # ------------------------------------------------------------------
    # Sections of quality_core
    # ------------------------------------------------------------------
    def _qms_audit_section_release(self):
        """§8.6: the inspections decided in the period, and the concessions with their
        signatures."""
        start, stop = self._qms_audit_bounds()
        companies = self._qms_audit_company_ids()
        self.env.cr.execute(
            SQL(
                """
                SELECT count(*) FILTER (WHERE state = 'done'),
                       count(*) FILTER (WHERE state = 'done' AND decision = 'accept'),
                       count(*) FILTER (WHERE state = 'done' AND decision = 'concession'),
                       count(*) FILTER (WHERE state = 'done' AND decision = 'reject'),
                       count(*) FILTER (WHERE state = 'done' AND skipped),
                       count(*) FILTER (WHERE state = 'cancel')
                  FROM qms_inspection
                 WHERE company_id IN %s AND state IN ('done', 'cancel')
                   AND date_done >= %s AND date_done < %s
                """,
                companies,
                start,
                stop,
            )
        )
        done, accepted, concessions, rejected, skipped, cancelled = self.env.cr.fetchone()
        meanings = self._qms_audit_labels("qms.signature", "meaning")
        register = SQL(
            """
            SELECT i.name, %(decided_on)s, %(type_name)s, %(product)s,
                   COALESCE(lot.name, i.lot_name), partner.name, i.qty, i.sample_size,
                   i.defect_count, %(result)s, %(decision)s, %(state)s, inspector.name,
                   COALESCE(picking.name, production.name)
              FROM qms_inspection i
              JOIN product_product product ON product.id = i.product_id
              JOIN product_template template ON template.id = product.product_tmpl_id
              LEFT JOIN stock_picking_type operation ON operation.id = i.picking_type_id
              LEFT JOIN stock_lot lot ON lot.id = i.lot_id
              LEFT JOIN res_partner partner ON partner.id = i.partner_id
              LEFT JOIN res_users inspector_user ON inspector_user.id = i.user_id
              LEFT JOIN res_partner inspector ON inspector.id = inspector_user.partner_id
              LEFT JOIN stock_picking picking ON picking.id = i.picking_id
              LEFT JOIN mrp_production production ON production.id = i.production_id
             WHERE i.company_id IN %(companies)s AND i.state IN ('done', 'cancel')
               AND i.date_done >= %(start)s AND i.date_done < %(stop)s
             ORDER BY i.date_done, i.id
            """,
            decided_on=self._qms_audit_local_time(SQL("i.date_done")),
            type_name=self._qms_audit_name(SQL("operation.name")),
            product=self._qms_audit_name(SQL("template.name")),
            result=self._qms_audit_label(SQL("i.result"), "qms.inspection", "result"),
            decision=self._qms_audit_label(SQL("i.decision"), "qms.inspection", "decision"),
            state=self._qms_audit_label(SQL("i.state"), "qms.inspection", "state"),
            companies=companies,
            start=start,
            stop=stop,
        )

        concession_query = SQL(
            """
            SELECT i.name, i.date_done, %(product)s,
                   COALESCE(lot.name, i.lot_name), i.concession_reason, signature.signer_name,
                   signature.signed_at, signature.meaning, signature.content_hash
              FROM qms_inspection i
              JOIN product_product product ON product.id = i.product_id
              JOIN product_template template ON template.id = product.product_tmpl_id
              LEFT JOIN stock_lot lot ON lot.id = i.lot_id
              LEFT JOIN qms_signature signature
                     ON signature.res_model = 'qms.inspection' AND signature.res_id = i.id
             WHERE i.company_id IN %(companies)s AND i.state = 'done'
               AND i.decision = 'concession'
               AND i.date_done >= %(start)s AND i.date_done < %(stop)s
             ORDER BY i.date_done, i.id, signature.id
            """,
            product=self._qms_audit_name(SQL("template.name")),
            companies=companies,
            start=start,
            stop=stop,
        )
        self.env.cr.execute(concession_query)
        concession_rows = self.env.cr.fetchall()

        def concession_row(row):
            row = list(row)
            row[1] = self._qms_audit_local(row[1])
            row[6] = self._qms_audit_local(row[6])
            row[7] = meanings.get(row[7], "")
            return row

        return AuditSection(
            [
                (self.env._("Inspections decided"), done),
                (self.env._("Accepted"), accepted),
                (self.env._("Accepted under concession"), concessions),
                (self.env._("Rejected"), rejected),
                (self.env._("Released by skip-lot"), skipped),
                (self.env._("Cancelled after the decision"), cancelled),
                (
                    self.env._("Acceptance rate (%)"),
                    round(100.0 * accepted / done, 2) if done else 0.0,
                ),
            ],
            [
                XlsxSheet(
                    self.env._("Concessions"),
                    [
                        self.env._("Inspection"),
                        self.env._("Decided On"),
                        self.env._("Product"),
                        self.env._("Lot/Serial Number"),
                        self.env._("Reason"),
                        self.env._("Signed by"),
                        self.env._("Signed On"),
                        self.env._("Meaning"),
                        self.env._("Signature Hash"),
                    ],
                    [concession_row(row) for row in concession_rows],
                    (18, 17, 30, 16, 40, 20, 17, 14, 66),
                ),
            ],
            [
                AuditRegister(
                    "inspections",
                    [
                        self.env._("Inspection"),
                        self.env._("Decided On"),
                        self.env._("Operation Type"),
                        self.env._("Product"),
                        self.env._("Lot/Serial Number"),
                        self.env._("Partner"),
                        self.env._("Quantity"),
                        self.env._("Sample Size"),
                        self.env._("Defective Units"),
                        self.env._("Result"),
                        self.env._("Usage Decision"),
                        self.env._("Status"),
                        self.env._("Inspector"),
                        self.env._("Transfer / Manufacturing Order"),
                    ],
                    register,
                )
            ],
        )

    def _qms_audit_section_equipment(self):
        """§7.1.5: the gauges and their calibrations closed in the period."""
        start, stop = self._qms_audit_bounds()
        companies = self._qms_audit_company_ids()
        today = fields.Date.context_today(self)
        self.env.cr.execute(
            SQL(
                """
                SELECT count(*),
                       count(*) FILTER (WHERE qms_calibration_due < %s),
                       count(*) FILTER (WHERE qms_last_calibration_result = 'fail')
                  FROM maintenance_equipment
                 WHERE qms_is_gauge AND active AND company_id IN %s
                """,
                today,
                companies,
            )
        )
        gauges, overdue, failed = self.env.cr.fetchone()
        calibrations = SQL(
            """
            SELECT %(gauge)s, equipment.serial_no, request.name,
                   request.close_date, request.qms_as_found, request.qms_as_found_reading,
                   request.qms_as_left, request.qms_as_left_reading,
                   request.qms_calibration_result
              FROM maintenance_request request
              JOIN maintenance_equipment equipment ON equipment.id = request.equipment_id
             WHERE request.qms_is_calibration AND request.company_id IN %(companies)s
               AND request.close_date >= %(start)s AND request.close_date < %(stop)s
             ORDER BY request.close_date, request.id
            """,
            gauge=self._qms_audit_name(SQL("equipment.name")),
            companies=companies,
            start=self.date_from,
            stop=self.date_to + timedelta(days=1),
        )
        found = self._qms_audit_labels("maintenance.request", "qms_as_found")
        left = self._qms_audit_labels("maintenance.request", "qms_as_left")
        outcome = self._qms_audit_labels("maintenance.request", "qms_calibration_result")
        self.env.cr.execute(calibrations)
        calibration_rows = [
            [*row[:4], found.get(row[4], ""), row[5], left.get(row[6], ""), row[7]]
            + [outcome.get(row[8], "")]
            for row in self.env.cr.fetchall()
        ]
        states = self._qms_audit_labels("maintenance.equipment", "qms_calibration_state")
        gauge_list = self.env["maintenance.equipment"].search_read(
            [("qms_is_gauge", "=", True), ("company_id", "in", companies)],
            [
                "name",
                "serial_no",
                "category_id",
                "qms_calibration_interval_days",
                "qms_last_calibration",
                "qms_calibration_due",
                "qms_calibration_state",
            ],
            order="name, id",
        )
        return AuditSection(
            [
                (self.env._("Gauges in use"), gauges),
                (self.env._("Calibrations closed in the period"), len(calibration_rows)),
                (
                    self.env._("Found out of tolerance (as found)"),
                    sum(1 for row in calibration_rows if row[4] == found.get("fail")),
                ),
                (self.env._("Gauges past their calibration date today"), overdue),
                (self.env._("Gauges whose last calibration failed"), failed),
            ],
            [
                XlsxSheet(
                    self.env._("Gauges"),
                    [
                        self.env._("Gauge"),
                        self.env._("Serial Number"),
                        self.env._("Category"),
                        self.env._("Interval (days)"),
                        self.env._("Last Calibration"),
                        self.env._("Calibration Due"),
                        self.env._("Calibration Status"),
                    ],
                    [
                        [
                            gauge["name"],
                            gauge["serial_no"] or "",
                            gauge["category_id"] and gauge["category_id"][1] or "",
                            gauge["qms_calibration_interval_days"],
                            gauge["qms_last_calibration"],
                            gauge["qms_calibration_due"],
                            states.get(gauge["qms_calibration_state"], ""),
                        ]
                        for gauge in gauge_list
                    ],
                    (30, 16, 20, 10, 14, 14, 14),
                ),
                XlsxSheet(
                    self.env._("Calibrations"),
                    [
                        self.env._("Gauge"),
                        self.env._("Serial Number"),
                        self.env._("Calibration"),
                        self.env._("Closed On"),
                        self.env._("As Found"),
                        self.env._("As-Found Reading"),
                        self.env._("As Left"),
                        self.env._("As-Left Reading"),
                        self.env._("Result"),
                    ],
                    calibration_rows,
                    (30, 16, 30, 12, 12, 20, 12, 20, 12),
                ),
            ],
        )

    def _qms_audit_section_analysis(self):
        """§9.1.3: the capability of each measured characteristic over the period (overall
        sigma: Pp, Ppk) and the PPM of each month."""
        start, stop = self._qms_audit_bounds()
        companies = self._qms_audit_company_ids()
        self.env.cr.execute(
            SQL(
                """
                WITH value AS (
                    SELECT line.test_id, i.product_id, line.tolerance_min, line.tolerance_max,
                           measure.value
                      FROM qms_inspection_measure measure
                      JOIN qms_inspection_line line ON line.id = measure.line_id
                      JOIN qms_inspection i ON i.id = line.inspection_id
                     WHERE i.state = 'done' AND i.company_id IN %(companies)s
                       AND i.date_done >= %(start)s AND i.date_done < %(stop)s
                    UNION ALL
                    SELECT line.test_id, i.product_id, line.tolerance_min, line.tolerance_max,
                           line.value
                      FROM qms_inspection_line line
                      JOIN qms_inspection i ON i.id = line.inspection_id
                     WHERE i.state = 'done' AND i.company_id IN %(companies)s
                       AND i.date_done >= %(start)s AND i.date_done < %(stop)s
                       AND line.test_type = 'measure' AND line.is_measured
                       AND COALESCE(line.measure_count, 0) = 0
                )
                SELECT value.test_id, %(test)s, value.product_id, %(product)s,
                       value.tolerance_min, value.tolerance_max, count(*), avg(value.value),
                       stddev_samp(value.value), min(value.value), max(value.value)
                  FROM value
                  JOIN qms_test test ON test.id = value.test_id
                  JOIN product_product product ON product.id = value.product_id
                  JOIN product_template template ON template.id = product.product_tmpl_id
                 GROUP BY value.test_id, test.name, value.product_id, template.name,
                          value.tolerance_min, value.tolerance_max
                 ORDER BY 2, 4, 5, 6
                """,
                test=self._qms_audit_name(SQL("test.name")),
                product=self._qms_audit_name(SQL("template.name")),
                companies=companies,
                start=start,
                stop=stop,
            )
        )
        capability = []
        for (
            _test_id,
            test,
            _product_id,
            product,
            lsl,
            usl,
            count,
            mean,
            sigma,
            low,
            high,
        ) in self.env.cr.fetchall():
            pp, ppk = spc_tools.overall_indices(mean, sigma or 0.0, lsl, usl)
            capability.append([test, product, lsl, usl, count, mean, sigma, low, high, pp, ppk])
        self.env.cr.execute(
            SQL(
                """
                SELECT date_trunc('month', date_done)::date, count(*),
                       sum(sample_size), sum(defect_count)
                  FROM qms_inspection
                 WHERE state = 'done' AND NOT COALESCE(skipped, FALSE)
                   AND company_id IN %s AND date_done >= %s AND date_done < %s
                 GROUP BY 1 ORDER BY 1
                """,
                companies,
                start,
                stop,
            )
        )
        months = [
            [month, count, sample or 0.0, defects or 0, _ppm(defects, sample)]
            for month, count, sample, defects in self.env.cr.fetchall()
        ]
        total_sample = sum(row[2] for row in months)
        total_defects = sum(row[3] for row in months)
        capable = [row for row in capability if row[10] is not None]
        return AuditSection(
            [
                (self.env._("Characteristics measured"), len(capability)),
                (
                    self.env._("Characteristics with Ppk >= 1.33"),
                    sum(1 for row in capable if row[10] >= 1.33),
                ),
                (
                    self.env._("Characteristics with Ppk < 1.0"),
                    sum(1 for row in capable if row[10] < 1.0),
                ),
                (self.env._("Units inspected"), total_sample),
                (self.env._("Defective units"), total_defects),
                (self.env._("PPM over the period"), _ppm(total_defects, total_sample)),
            ],
            [
                XlsxSheet(
                    self.env._("Capability"),
                    [
                        self.env._("Test"),
                        self.env._("Product"),
                        self.env._("LSL"),
                        self.env._("USL"),
                        self.env._("Values"),
                        self.env._("Mean"),
                        self.env._("Std. Deviation (overall)"),
                        self.env._("Min."),
                        self.env._("Max."),
                        self.env._("Pp"),
                        self.env._("Ppk"),
                    ],
                    capability,
                    (24, 30, 10, 10, 8, 12, 12, 10, 10, 8, 8),
                ),
                XlsxSheet(
                    self.env._("PPM by Month"),
                    [
                        self.env._("Month"),
                        self.env._("Inspections"),
                        self.env._("Units Inspected"),
                        self.env._("Defective Units"),
                        self.env._("PPM"),
                    ],
                    months,
                    (12, 12, 14, 14, 12),
                ),
            ],
        )

    def _qms_audit_section_signatures(self):
        """Electronic signatures of the period, and the verification of the whole chain."""
        start, stop = self._qms_audit_bounds()
        companies = self._qms_audit_company_ids()
        verification = self.env["qms.signature"].sudo().qms_verify_chain()
        log = SQL(
            """
            SELECT id, %(signed_at)s, signer_name, signer_login, %(meaning)s, action,
                   res_model, record_name, reason, previous_hash, content_hash
              FROM qms_signature
             WHERE (company_id IN %(companies)s OR company_id IS NULL)
               AND signed_at >= %(start)s AND signed_at < %(stop)s
             ORDER BY id
            """,
            signed_at=self._qms_audit_local_time(SQL("signed_at")),
            meaning=self._qms_audit_label(SQL("meaning"), "qms.signature", "meaning"),
            companies=companies,
            start=start,
            stop=stop,
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT count(*) FROM qms_signature
                 WHERE (company_id IN %s OR company_id IS NULL)
                   AND signed_at >= %s AND signed_at < %s
                """,
                companies,
                start,
                stop,
            )
        )
        signed = self.env.cr.fetchone()[0]
        return AuditSection(
            [
                (self.env._("Signatures in the period"), signed),
                (self.env._("Signatures verified (whole chain)"), verification["checked"]),
                (
                    self.env._("Chain intact"),
                    bool(verification["ok"]),
                ),
                (self.env._("Broken signatures"), len(verification["broken"])),
                (
                    self.env._("Records changed since signed"),
                    len(verification.get("changed_records", [])),
                ),
            ],
            [
                XlsxSheet(
                    self.env._("Chain Verification"),
                    [self.env._("Finding")],
                    [[message] for message in verification.get("messages") or []]
                    or [[self.env._("Every signature and signed record checked: none changed.")]],
                    (120,),
                ),
            ],
            [
                AuditRegister(
                    "signatures",
                    [
                        self.env._("Signature"),
                        self.env._("Signed On"),
                        self.env._("Signer"),
                        self.env._("Login"),
                        self.env._("Meaning"),
                        self.env._("Action"),
                        self.env._("Document Model"),
                        self.env._("Signed Record"),
                        self.env._("Reason"),
                        self.env._("Previous Hash"),
                        self.env._("Hash"),
                    ],
                    log,
                )
            ],
        )

    # ------------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------------
    @api.model
    def _cron_generate_monthly(self):
        """File last month's ISO 9001 pack of each company that has quality records, once."""
        today = fields.Date.context_today(self)
        date_to = today.replace(day=1) - timedelta(days=1)
        date_from = date_to.replace(day=1)
        companies = self.env["qms.inspection"].sudo()._read_group([], ["company_id"])
        for (company,) in companies:
            if self.sudo().search_count(
                [
                    ("company_id", "=", company.id),
                    ("standard", "=", "iso9001"),
                    ("date_from", "=", date_from),
                    ("date_to", "=", date_to),
                    ("state", "=", "done"),
                ]
            ):
                continue
            pack = (
                self.sudo()
                .with_company(company)
                .create(
                    {
                        "company_id": company.id,
                        "company_ids": [(6, 0, company.ids)],
                        "date_from": date_from,
                        "date_to": date_to,
                    }
                )
            )
            pack._qms_generate()


class QmsAuditPackSection(models.Model):
    """One clause of an audit pack: its requirement, its evidence file and its figures."""

    _name = "qms.audit.pack.section"
    _description = "Audit Pack Clause"
    _order = "pack_id, sequence, id"

    pack_id = fields.Many2one("qms.audit.pack", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="pack_id.company_id", store=True)
    sequence = fields.Integer()
    clause = fields.Char("ISO 9001", required=True)
    iatf_clause = fields.Char("IATF 16949")
    title = fields.Char("Requirement", required=True)
    module = fields.Char(required=True)
    status = fields.Selection(
        [
            ("done", "Evidence"),
            ("empty", "No records in the period"),
            ("missing", "Module not installed"),
        ],
        required=True,
    )
    file_name = fields.Text("Evidence Files")
    row_count = fields.Integer("Rows")
    figures = fields.Json("Figures (Data)")
    figures_text = fields.Text("Figures", compute="_compute_figures_text")

    @api.depends("figures")
    def _compute_figures_text(self):
        for section in self:
            section.figures_text = "\n".join(
                "%s: %s" % (label, value) for label, value in section.figures or []
            )


def _ppm(defects, sample):
    return round(1e6 * (defects or 0) / sample, 1) if sample else 0.0
