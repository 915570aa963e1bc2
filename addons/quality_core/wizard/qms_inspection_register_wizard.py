# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import split_every

from ..models.qms_xlsx_mixin import XlsxSheet
from ..tools.period import period_bounds, to_local

# Inspections read at once, with their lines: the register of a year holds tens of thousands.
BATCH_SIZE = 1000
INSPECTION_FIELDS = [
    "name",
    "date_done",
    "product_id",
    "product_uom_id",
    "lot_id",
    "lot_name",
    "qty",
    "sample_size",
    "defect_count",
    "result",
    "decision",
    "state",
    "user_id",
    "partner_id",
    "picking_id",
    "production_id",
    "picking_type_id",
]
LINE_FIELDS = [
    "inspection_id",
    "name",
    "test_type",
    "norm",
    "tolerance_min",
    "tolerance_max",
    "uom_id",
    "value",
    "is_measured",
    "answer",
    "result",
]
WIDTHS = (18, 17, 30, 16, 10, 8, 10, 8, 24, 10, 10, 10, 8, 12, 10, 10, 22, 10, 20, 24, 18)


class QmsInspectionRegisterWizard(models.TransientModel):
    """The register of the inspections decided in a period, as a spreadsheet: one sheet per
    operation type, one row per test."""

    _name = "qms.inspection.register.wizard"
    _description = "Inspection Register Export"
    _inherit = ["qms.xlsx.mixin"]

    date_from = fields.Date(
        required=True, default=lambda self: fields.Date.context_today(self).replace(day=1)
    )
    date_to = fields.Date(required=True, default=fields.Date.context_today)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )

    def action_export(self):
        """Download the register: every inspection decided from ``date_from`` to ``date_to``
        (days of the user's time zone), cancelled ones included when they had been decided.
        The user's access rules apply: a register lists what its reader may read."""
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(
                self.env._(
                    "The inspection register runs from %(start)s to %(end)s: the start comes "
                    "after the end.",
                    start=self.date_from,
                    end=self.date_to,
                )
            )
        title = self.env._(
            "Inspection Register %(start)s - %(end)s", start=self.date_from, end=self.date_to
        )
        return self._qms_xlsx_download_sheets(title, self._qms_register_sheets())

    def _qms_register_domain(self):
        start, stop = period_bounds(self.env, self.date_from, self.date_to)
        return [
            ("company_id", "=", self.company_id.id),
            ("state", "in", ("done", "cancel")),
            ("date_done", ">=", start),
            ("date_done", "<", stop),
        ]

    def _qms_register_sheets(self):
        """One ``XlsxSheet`` per operation type, in the order of their names."""
        Inspection = self.env["qms.inspection"]
        ids = Inspection.search(self._qms_register_domain(), order="date_done, id").ids
        by_type = defaultdict(list)
        type_names = {}
        for batch in split_every(BATCH_SIZE, ids):
            inspections = Inspection.browse(batch).read(INSPECTION_FIELDS)
            lines = defaultdict(list)
            for line in self.env["qms.inspection.line"].search_read(
                [("inspection_id", "in", list(batch))],
                LINE_FIELDS,
                order="inspection_id, sequence, id",
            ):
                lines[line["inspection_id"][0]].append(line)
            for inspection in inspections:
                operation = inspection["picking_type_id"] or (0, self.env._("No Operation Type"))
                type_names[operation[0]] = operation[1]
                by_type[operation[0]].append((inspection, lines[inspection["id"]]))
            # Only the plain values read are kept: the records leave the cache batch by batch.
            self.env.invalidate_all()
        headers = self._qms_register_headers()
        if not by_type:
            return [XlsxSheet(self.env._("Inspections"), headers, [], WIDTHS, self._qms_totals([]))]
        return [
            XlsxSheet(
                type_names[type_id],
                headers,
                [
                    row
                    for inspection, lines in by_type[type_id]
                    for row in self._qms_register_rows(inspection, lines)
                ],
                WIDTHS,
                self._qms_totals([inspection for inspection, _lines in by_type[type_id]]),
            )
            for type_id in sorted(by_type, key=lambda type_id: type_names[type_id])
        ]

    def _qms_register_headers(self):
        return [
            self.env._("Inspection"),
            self.env._("Decided On"),
            self.env._("Product"),
            self.env._("Lot/Serial Number"),
            self.env._("Quantity"),
            self.env._("Unit"),
            self.env._("Sample Size"),
            self.env._("Defective Units"),
            self.env._("Test"),
            self.env._("Norm"),
            self.env._("Min. Tolerance"),
            self.env._("Max. Tolerance"),
            self.env._("Test Unit"),
            self.env._("Value / Answer"),
            self.env._("Test Result"),
            self.env._("Inspection Result"),
            self.env._("Usage Decision"),
            self.env._("Status"),
            self.env._("Inspector"),
            self.env._("Partner"),
            self.env._("Transfer / Manufacturing Order"),
        ]

    def _qms_labels(self, model, field):
        return dict(self.env[model]._fields[field]._description_selection(self.env))

    def _qms_register_rows(self, inspection, lines):
        """The rows of one inspection (read as a dict), one per test; an inspection without
        test (released by skip-lot, or AQL on defectives only) has one row all the same."""
        results = self._qms_labels("qms.inspection", "result")
        decisions = self._qms_labels("qms.inspection", "decision")
        states = self._qms_labels("qms.inspection", "state")
        answers = self._qms_labels("qms.inspection.line", "answer")
        decided_on = to_local(self.env, inspection["date_done"])
        document = inspection["picking_id"] or inspection["production_id"]
        head = [
            inspection["name"],
            decided_on,
            _name(inspection["product_id"]),
            _name(inspection["lot_id"]) or inspection["lot_name"],
            inspection["qty"],
            _name(inspection["product_uom_id"]),
            inspection["sample_size"],
            inspection["defect_count"],
        ]
        tail = [
            results.get(inspection["result"], ""),
            decisions.get(inspection["decision"], ""),
            states[inspection["state"]],
            _name(inspection["user_id"]),
            _name(inspection["partner_id"]),
            _name(document),
        ]
        if not lines:
            return [head + [""] * 7 + tail]
        rows = []
        for line in lines:
            measure = line["test_type"] == "measure"
            if measure:
                value = line["value"] if line["is_measured"] else ""
            else:
                value = answers.get(line["answer"], "")
            rows.append(
                head
                + [
                    line["name"],
                    line["norm"] if measure else "",
                    line["tolerance_min"] if measure else "",
                    line["tolerance_max"] if measure else "",
                    _name(line["uom_id"]),
                    value,
                    results.get(line["result"], ""),
                ]
                + tail
            )
        return rows

    def _qms_totals(self, inspections):
        """The totals of a sheet: decided inspections (not cancelled) by decision.

        The acceptance rate is the share accepted as they are, as the vendors' lot acceptance
        rate counts it: a concession releases goods that did not conform.
        """
        decided = [i for i in inspections if i["state"] == "done"]
        count = {
            decision: sum(1 for i in decided if i["decision"] == decision)
            for decision in ("accept", "concession", "reject")
        }
        rate = round(100.0 * count["accept"] / len(decided), 2) if decided else ""
        return (
            (self.env._("Inspections"), len(decided)),
            (self.env._("Accepted"), count["accept"]),
            (self.env._("Accepted under Concession"), count["concession"]),
            (self.env._("Rejected"), count["reject"]),
            (self.env._("Cancelled after the Decision"), len(inspections) - len(decided)),
            (self.env._("Acceptance Rate (%)"), rate),
        )


def _name(value):
    """The name of a many2one as ``read`` returns it (``(id, name)`` or False)."""
    return value[1] if value else ""
