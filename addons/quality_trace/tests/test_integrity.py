# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Recalls change through their actions only; exports keep user text as text."""

import base64
import io
import re
from contextlib import contextmanager

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.quality_core.tests.common import second_company_manager

from .common import TraceCommon

EVIL = '=HYPERLINK("http://evil.example","x")'


@tagged("post_install", "-at_install")
class TestTraceIntegrity(TraceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.analyst = new_test_user(
            cls.env, login="int_analyst", groups="quality_trace.group_qms_trace_user"
        )
        cls.manager = new_test_user(
            cls.env,
            login="int_manager",
            groups="quality_core.group_qms_manager,stock.group_stock_manager",
        )
        cls.inspector = new_test_user(
            cls.env,
            login="int_inspector",
            groups="quality_core.group_qms_user,stock.group_stock_user",
        )
        cls.admin = cls.env.ref("base.user_admin")
        cls.company_b, cls.manager_b = second_company_manager(
            cls.env, "Trace Integrity Company B", "int_manager_b"
        )
        cls.bar = cls._lot(cls.steel, "INT-BAR", 10)
        cls.other_bar = cls._lot(cls.steel, "INT-BAR-2", 10)

    @contextmanager
    def assertRefused(self, exception, regex):
        """As QmsCommon.assertRefused: Odoo's assertRaises rolls the refused call back."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertRegex(str(catcher.exception), regex)

    def _computed_recall(self):
        recall = self.env["qms.recall"].with_user(self.analyst).create({"lot_ids": self.bar.ids})
        recall.action_compute()
        return recall

    def _snapshot(self, recall):
        """The recall as the database holds it, read again."""
        recall.invalidate_recordset()
        self.bar.invalidate_recordset()
        return {
            "state": recall.state,
            "lot_ids": recall.lot_ids,
            "affected_lot_ids": recall.affected_lot_ids,
            "quarantined_lot_ids": recall.quarantined_lot_ids,
            "date_quarantined": recall.date_quarantined,
            "quarantined_by_id": recall.quarantined_by_id,
            "stock_lines": recall.stock_line_ids.mapped(lambda line: (line.lot_id, line.quantity)),
            "bar_state": self.bar.qms_state,
        }

    # ------------------------------------------------------------------
    # A recall needs lots
    # ------------------------------------------------------------------
    def test_recall_without_lots_is_refused(self):
        recalls = self.env["qms.recall"].search_count([])
        for user in (self.analyst, self.manager, self.admin):
            for vals in ({}, {"lot_ids": []}, {"lot_ids": [Command.set([])]}):
                with self.subTest(user=user.login, vals=vals):
                    with self.assertRefused(
                        ValidationError, r"^Recall RCL\S* needs at least one suspect lot\.$"
                    ):
                        self.env["qms.recall"].with_user(user).create(vals)
        self.assertEqual(self.env["qms.recall"].search_count([]), recalls)
        recall = self.env["qms.recall"].with_user(self.analyst).create({"lot_ids": self.bar.ids})
        with self.assertRefused(
            ValidationError, r"^Recall %s needs at least one suspect lot\.$" % recall.name
        ):
            recall.write({"lot_ids": [Command.clear()]})
        recall.invalidate_recordset()
        self.assertEqual(recall.lot_ids, self.bar)

    # ------------------------------------------------------------------
    # What the recall found and did changes through its actions only
    # ------------------------------------------------------------------
    def test_plain_writes_of_the_recall_results_are_refused(self):
        recall = self._computed_recall()
        before = self._snapshot(recall)
        self.assertEqual(before["state"], "computed")
        self.assertEqual(before["affected_lot_ids"], self.bar)
        attempts = {
            "State": {"state": "quarantined"},
            "Quarantined Lots": {"quarantined_lot_ids": [Command.set(self.bar.ids)]},
            "Affected Lots": {"affected_lot_ids": [Command.set(self.other_bar.ids)]},
            "Quarantined by, Quarantined on, State": {
                "state": "quarantined",
                "date_quarantined": "2026-01-01 00:00:00",
                "quarantined_by_id": self.manager.id,
            },
            "Stock": {"stock_line_ids": [Command.clear()]},
        }
        for user in (self.manager, self.admin, self.analyst):
            for labels, vals in attempts.items():
                with self.subTest(user=user.login, fields=labels):
                    with self.assertRefused(
                        UserError,
                        r"^%s: %s can't be written directly; they change only through the "
                        r"quality actions \(Compute, Quarantine Affected Stock, Close, Cancel\)\.$"
                        % (recall.name, labels),
                    ):
                        recall.with_user(user).write(vals)
                    self.assertEqual(self._snapshot(recall), before)
        with self.assertRefused(UserError, r"^Product Recall: State can't be written directly"):
            self.env["qms.recall"].with_user(self.manager).create(
                {"lot_ids": self.bar.ids, "state": "closed"}
            )
        for user in (self.manager, self.admin):
            with self.assertRefused(UserError, r"^Recalls %s were computed" % recall.name):
                recall.with_user(user).unlink()
            with self.assertRaises(AccessError):
                recall.stock_line_ids.with_user(user).write({"quantity": 0})
        self.assertTrue(recall.exists())
        # The actions still write them.
        recall.with_user(self.manager).action_quarantine()
        after = self._snapshot(recall)
        self.assertEqual((after["state"], after["quarantined_lot_ids"]), ("quarantined", self.bar))
        self.assertEqual(after["bar_state"], "blocked")
        recall.with_user(self.analyst).action_close()
        self.assertEqual(self._snapshot(recall)["state"], "closed")

    def test_suspect_lots_are_chosen_while_draft_only(self):
        recall = self.env["qms.recall"].with_user(self.analyst).create({"lot_ids": self.bar.ids})
        recall.write({"lot_ids": [Command.link(self.other_bar.id)], "description": "Cracks"})
        self.assertEqual(recall.lot_ids, self.bar | self.other_bar)
        recall.write({"lot_ids": [Command.unlink(self.other_bar.id)]})
        recall.action_compute()
        before = self._snapshot(recall)
        for user in (self.analyst, self.manager, self.admin):
            with self.subTest(user=user.login):
                with self.assertRefused(
                    UserError,
                    r"^Recall %s is computed already: Suspect Lots can't change any more\."
                    % recall.name,
                ):
                    recall.with_user(user).write({"lot_ids": [Command.link(self.other_bar.id)]})
                self.assertEqual(self._snapshot(recall), before)
        recall.with_user(self.analyst).description = "Cracks found at the customer"
        self.assertEqual(recall.description, "Cracks found at the customer")

    def test_another_companys_manager_cannot_quarantine(self):
        recall = self._computed_recall()
        before = self._snapshot(recall)
        with self.assertRefused(
            AccessError,
            r"^You can't quarantine the lots of a recall \(%s\): they belong to %s, which you "
            r"are not working in\.$" % (recall.name, re.escape(self.company.name)),
        ):
            recall.with_user(self.manager_b).action_quarantine()
        self.assertEqual(self._snapshot(recall), before)
        with self.assertRefused(
            AccessError,
            r"^Only a Quality Manager can quarantine the lots of a recall \(%s\)\.$" % recall.name,
        ):
            recall.with_user(self.analyst).action_quarantine()
        self.assertEqual(self._snapshot(recall), before)

    def test_inspector_cannot_rebuild_the_genealogy(self):
        self._manufacture(self.bom_shaft, "INT-S1", consume={self.steel: [(self.bar, 2)]})
        edges = self._edges()
        self.assertTrue(edges)
        for user in (self.inspector, self.analyst):
            with self.subTest(user=user.login):
                with self.assertRefused(
                    AccessError, r"^Only a Quality Manager can rebuild the lot genealogy"
                ):
                    self.env["qms.trace.edge"].with_user(user).action_qms_rebuild()
                self.assertEqual(self._edges(), edges)
        self.env["qms.trace.edge"].with_user(self.manager).action_qms_rebuild()
        self.assertEqual(self._edges(), edges)

    def test_export_works_on_one_recall(self):
        recalls = self._computed_recall() | self._computed_recall()
        with self.assertRefused(
            UserError, r"^Exporting the recall list works on one Product Recall at a time, not 2"
        ):
            recalls.action_export_xlsx()

    # ------------------------------------------------------------------
    # XLSX exports write user text as text
    # ------------------------------------------------------------------
    def _sheet(self, record):
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", record._name), ("res_id", "=", record.id)]
        )
        return openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas))).active

    def test_recall_export_writes_formulas_as_text(self):
        customer = self.env["res.partner"].create({"name": EVIL, "is_company": True})
        lot = self._lot(self.steel, "+1-2", 5)
        delivery = self._deliver(lot, 2, customer=customer)
        delivery.name = "@SUM(A1:A2)"
        recall = self.env["qms.recall"].create({"lot_ids": lot.ids})
        recall.action_compute()
        recall.action_export_xlsx()
        sheet = self._sheet(recall)
        self.assertEqual(sheet.max_row, 2)
        for column, expected in (("A", EVIL), ("B", "@SUM(A1:A2)"), ("D", "+1-2")):
            cell = sheet["%s2" % column]
            with self.subTest(cell=cell.coordinate):
                self.assertEqual(cell.data_type, "s")
                self.assertEqual(cell.value, expected)
        self.assertIsNone(sheet["A2"].hyperlink)
        self.assertEqual((sheet["E2"].data_type, sheet["E2"].value), ("n", 2))
        self.assertEqual(sheet["F2"].is_date, True)

    def test_traceability_export_writes_formulas_as_text(self):
        lot = self._lot(self.steel, "=1+1", 5)
        trace = self.env["qms.trace"].create({"lot_ids": lot.ids, "direction": "forward"})
        trace.action_trace_forward()
        trace.action_export_xlsx()
        sheet = self._sheet(trace)
        cell = sheet["C2"]
        self.assertEqual((cell.data_type, cell.value), ("s", "=1+1"))
