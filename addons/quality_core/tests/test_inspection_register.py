# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
from datetime import timedelta

import openpyxl

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import SQL

from .common import QmsCommon

HEADERS = [
    "Inspection",
    "Decided On",
    "Product",
    "Lot/Serial Number",
    "Quantity",
    "Unit",
    "Sample Size",
    "Defective Units",
    "Test",
    "Norm",
    "Min. Tolerance",
    "Max. Tolerance",
    "Test Unit",
    "Value / Answer",
    "Test Result",
    "Inspection Result",
    "Usage Decision",
    "Status",
    "Inspector",
    "Partner",
    "Transfer / Manufacturing Order",
]


def _sheet_name(operation_type):
    """What Excel lets the name of an operation type be: no colon, 31 characters."""
    return " ".join(operation_type.display_name.replace(":", " ").split())[:31]


@tagged("post_install", "-at_install")
class TestInspectionRegister(QmsCommon):
    """The register of the inspections decided in a period, one sheet per operation type."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._control_point(cls.type_in)
        cls._control_point(cls.type_out, timing="before", test_ids=[(6, 0, cls.test_visual.ids)])
        receipt = cls._receipt(
            [(cls.product_lot, {"REG-OK": 10, "REG-BAD": 4, "REG-CONCEDED": 3, "REG-OLD": 2})]
        )
        cls.receipt = receipt
        inspection = {i.lot_id.name: i for i in receipt.qms_inspection_ids}
        cls.accepted = cls._decide(inspection["REG-OK"], cls.inspector, value=10.02)
        cls._decide(inspection["REG-BAD"], cls.inspector, value=11.0)
        conceded = cls._decide(inspection["REG-CONCEDED"], cls.inspector, answer="fail")
        conceded.with_user(cls.manager).action_concession(
            "Scratches accepted", password=cls._pw(cls.manager)
        )
        cls.cancelled = cls._decide(inspection["REG-OLD"], cls.inspector)
        cls.cancelled.with_user(cls.manager).action_cancel("Recorded on the wrong lot")
        delivery = cls._delivery([(cls.product_lot, {cls.accepted.lot_id: 5})])
        cls.delivered = cls._decide(delivery.qms_inspection_ids, cls.inspector)
        # Decided long before the period: not in the register.
        cls.ancient = cls._decide(
            cls._receipt([(cls.product_lot, {"REG-2020": 1})]).qms_inspection_ids, cls.inspector
        )
        cls.env.flush_all()
        cls.env.cr.execute(
            SQL(
                "UPDATE qms_inspection SET date_done = '2020-03-01 10:00' WHERE id = %s",
                cls.ancient.id,
            )
        )
        cls.env.invalidate_all()
        cls.today = fields.Date.context_today(cls.env["qms.inspection"].with_user(cls.inspector))

    def _export(self, date_from, date_to, user=None):
        """Run the wizard as ``user`` (the inspector) and open the file it attached."""
        wizard_form = Form(
            self.env["qms.inspection.register.wizard"].with_user(user or self.inspector)
        )
        wizard_form.date_from = date_from
        wizard_form.date_to = date_to
        wizard = wizard_form.save()
        action = wizard.action_export()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/web/content/")[1].split("?")[0])
        )
        self.assertEqual((attachment.res_model, attachment.res_id), (wizard._name, wizard.id))
        self.assertTrue(attachment.name.startswith("Inspection Register"))
        return openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))

    @staticmethod
    def _table(sheet):
        """The rows of the register's table (up to the blank row) and the totals below."""
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        end = next(i for i, row in enumerate(rows) if not any(row))
        return rows[0], rows[1:end], {row[0]: row[1] for row in rows[end + 1 :]}

    def test_one_sheet_per_operation_type_one_row_per_test_and_the_totals(self):
        book = self._export(self.today - timedelta(days=1), self.today + timedelta(days=1))
        self.assertEqual(
            book.sheetnames, sorted([_sheet_name(self.type_out), _sheet_name(self.type_in)])
        )
        headers, rows, totals = self._table(book[_sheet_name(self.type_in)])
        self.assertEqual(headers, HEADERS)
        names = {row[0] for row in rows}
        self.assertNotIn(self.ancient.name, names)
        self.assertIn(self.cancelled.name, names)
        self.assertEqual(len(rows), 4 * 2, "four inspections of two tests")
        diameter = next(
            row for row in rows if row[0] == self.accepted.name and row[8] == "Diameter"
        )
        self.assertEqual(
            diameter[2:5] + diameter[8:12] + diameter[13:],
            [
                "QMS Rod",
                "REG-OK",
                10,
                "Diameter",
                10,
                9.9,
                10.1,
                10.02,
                "Pass",
                "Pass",
                "Accepted",
                "Done",
                self.inspector.name,
                "QMS Test Vendor",
                self.receipt.name,
            ],
        )
        decided_on = fields.Datetime.context_timestamp(
            self.accepted.with_user(self.inspector), self.accepted.date_done
        ).replace(tzinfo=None)
        self.assertLess(abs(diameter[1] - decided_on), timedelta(seconds=1), "the user's time")
        cancelled = next(row for row in rows if row[0] == self.cancelled.name)
        self.assertEqual((cancelled[16], cancelled[17]), ("Accepted", "Cancelled"))
        self.assertEqual(
            totals,
            {
                "Inspections": 3,
                "Accepted": 1,
                "Accepted under Concession": 1,
                "Rejected": 1,
                "Cancelled after the Decision": 1,
                "Acceptance Rate (%)": 33.33,
            },
        )

        headers, rows, totals = self._table(book[_sheet_name(self.type_out)])
        self.assertEqual(len(rows), 1)
        self.assertEqual(
            [rows[0][0], rows[0][8], rows[0][13], rows[0][16], rows[0][19]],
            [self.delivered.name, "Visual check", "Pass", "Accepted", "QMS Test Customer"],
        )
        self.assertEqual((totals["Inspections"], totals["Acceptance Rate (%)"]), (1, 100))

    def test_a_period_without_inspection_gives_an_empty_register(self):
        book = self._export(self.today.replace(year=2019), self.today.replace(year=2019))
        self.assertEqual(book.sheetnames, ["Inspections"])
        headers, rows, totals = self._table(book["Inspections"])
        self.assertEqual((headers, rows), (HEADERS, []))
        self.assertEqual(totals["Inspections"], 0)

    def test_the_period_must_not_end_before_it_starts(self):
        with self.assertRefused(UserError, "the start comes after the end"):
            self._export(self.today, self.today - timedelta(days=1))

    def test_only_quality_users_export_the_register(self):
        clerk = new_test_user(self.env, login="qms_register_clerk", groups="stock.group_stock_user")
        with self.assertRaises(AccessError):
            self._export(self.today, self.today, user=clerk)

    def test_sheet_names_are_valid_and_distinct_for_excel(self):
        long = "Warehouse of the North: Receipts from Vendors"
        names = self.env["qms.xlsx.mixin"]._qms_xlsx_sheet_names(
            [long, long, "A/B [x]*?\\", "receipts", "Receipts", "History", "", "'Quoted'"]
        )
        self.assertEqual(
            names,
            [
                "Warehouse of the North Receipts",
                "Warehouse of the North Rece (2)",
                "A B x",
                "receipts",
                "Receipts (2)",
                "History (2)",
                "Sheet",
                "Quoted",
            ],
        )
        self.assertTrue(all(len(name) <= 31 for name in names))
