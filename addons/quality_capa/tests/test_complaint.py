# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
import xmlrpc.client

import openpyxl

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .test_capa import CapaCommon


class ComplaintCommon(CapaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot = cls._lot(cls.product_lot, "CC-LOT", qty=30)
        cls.delivery = cls._delivery([(cls.product_lot, {cls.lot: 10})])
        cls.delivery.button_validate()

    def _complaint(self, user=None):
        return (
            self.env["qms.complaint"]
            .with_user(user or self.owner)
            .create(
                {
                    "partner_id": self.customer.id,
                    "picking_id": self.delivery.id,
                    "product_id": self.product_lot.id,
                    "lot_id": self.lot.id,
                    "qty": 3,
                    "severity": "critical",
                    "description": "<p>Three rods cracked at assembly</p>",
                }
            )
        )


@tagged("post_install", "-at_install")
class TestComplaint(ComplaintCommon):
    def test_a_complaint_opens_the_customer_nonconformity_then_a_capa(self):
        complaint = self._complaint()
        self.assertRegex(complaint.name, r"^CC/\d{4}/\d{5}$")
        self.assertEqual(self.delivery.state, "done")
        ncr_id = complaint.action_create_nonconformity()
        ncr = self.env["qms.nonconformity"].browse(ncr_id)
        self.assertEqual(
            (ncr.origin, ncr.partner_id, ncr.lot_id, ncr.qty, ncr.severity, ncr.complaint_id),
            ("customer", self.customer, self.lot, 3, "critical", complaint),
        )
        self.assertEqual(ncr.picking_id, self.delivery)
        self.assertEqual(complaint.state, "investigating")
        self.assertEqual(complaint.action_create_nonconformity(), ncr_id, "one NCR per complaint")
        action = complaint.action_create_capa()
        self.assertEqual(complaint.capa_id.id, action["res_id"])
        with self.assertRefused(UserError, "already has CAPA"):
            complaint.action_create_capa()
        self.assertEqual(self.customer.qms_complaint_count, 1)
        self.assertEqual(self.lot.qms_complaint_count, 1)
        with self.assertRefused(UserError, "write the response"):
            complaint.action_mark_answered()
        complaint.response = "<p>Replacement shipped; cause under investigation</p>"
        complaint.action_mark_answered()
        self.assertEqual(complaint.state, "answered")
        with self.assertRefused(UserError, "can't be written directly"):
            complaint.write({"state": "new"})

    def test_the_lot_trace_shows_its_nonconformities_and_complaints(self):
        complaint = self._complaint()
        ncr = self.env["qms.nonconformity"].browse(complaint.action_create_nonconformity())
        result = self.lot.with_user(self.manager).qms_trace("backward")
        self.assertEqual(result["nonconformities"], ncr.ids)
        self.assertEqual(result["complaints"], complaint.ids)
        action = complaint.with_user(self.manager).action_trace_lot()
        self.assertEqual(action["res_model"], "qms.trace")


@tagged("post_install", "-at_install")
class TestComplaintToCapaOverXmlRpc(HttpCase, ComplaintCommon):
    """The example of docs/api.md: complaint → NCR → CAPA → close, as a script does it."""

    def test_complaint_to_closed_capa(self):
        self.env["ir.config_parameter"].set_param("quality_capa.effectiveness_delay_days", "0")
        self.env.flush_all()  # the server's requests read the database
        call = self._xmlrpc
        owner, manager = self.owner, self.manager
        complaint = call(owner, "qms.complaint", "create", {
            "partner_id": self.customer.id, "picking_id": self.delivery.id,
            "product_id": self.product_lot.id, "lot_id": self.lot.id, "qty": 3,
            "description": "<p>Three rods cracked</p>", "severity": "major",
        })  # fmt: skip
        ncr = call(owner, "qms.complaint", "action_create_nonconformity", [complaint])
        capa = call(owner, "qms.nonconformity", "action_create_capa", [ncr])["res_id"]
        today = "2026-12-01"
        steps = [
            {"team_ids": [(6, 0, [owner.id, self.inspector.id])]},
            {"problem_what": "Cracked rods", "problem_where": "Customer assembly",
             "problem_when": "Week 48", "problem_how_many": "3 of 10"},
            {"action_ids": [(0, 0, {"action_type": "containment", "name": "Sort stock",
                                    "date_deadline": today})]},
            {"why_1": "Material too hard", "root_cause": "Wrong heat treatment",
             "root_cause_category": "material"},
            {"action_ids": [(0, 0, {"action_type": "corrective", "name": "Fix furnace profile",
                                    "date_deadline": today})]},
            {"validation": "Hardness checked on 3 lots"},
            {"prevention": "Furnace profile in the control plan"},
        ]  # fmt: skip
        call(owner, "qms.capa", "action_next_step", [capa])  # D0 → D1
        for vals in steps:
            call(owner, "qms.capa", "write", [capa], vals)
            if "validation" in vals:
                actions = call(owner, "qms.capa.action", "search", [("capa_id", "=", capa)])
                call(owner, "qms.capa.action", "action_done", actions)
            call(owner, "qms.capa", "action_next_step", [capa])
        [state] = call(owner, "qms.capa", "read", [capa], ["step", "state"])
        self.assertEqual((state["step"], state["state"]), ("d8", "open"))
        call(manager, "qms.capa", "action_check_effectiveness", [capa], "effective", "No repeat")
        with self.assertRaisesRegex(xmlrpc.client.Fault, "Signature refused"):
            call(manager, "qms.capa", "action_close", [capa], password="guess")
        self.assertIs(
            call(manager, "qms.capa", "action_close", [capa], password=self._pw(manager)), True
        )
        [state] = call(owner, "qms.capa", "read", [capa], ["state", "qms_signature_count"])
        self.assertEqual((state["state"], state["qms_signature_count"]), ("done", 1))


@tagged("post_install", "-at_install")
class TestContainment(ComplaintCommon):
    def test_one_click_quarantines_the_suspect_lots_through_a_recall(self):
        capa = self._capa(containment_lot_ids=[(6, 0, self.lot.ids)])
        self.assertEqual(self.lot.qms_state, "none")
        with self.assertRefused(AccessError, "Only a Quality Manager"):
            capa.with_user(self.owner).action_contain_lots()
        action = capa.with_user(self.manager).action_contain_lots()
        recall = self.env["qms.recall"].browse(action["res_id"])
        self.assertEqual(recall.state, "quarantined")
        self.assertEqual(recall.lot_ids, self.lot)
        self.assertEqual(self.lot.qms_state, "blocked", "the 20 rods left in stock are held")
        self.assertIn(recall.name, capa.message_ids[0].body)


@tagged("post_install", "-at_install")
class TestRegisters(ComplaintCommon):
    def _sheet(self, action):
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        workbook = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        return [list(row) for row in workbook.active.iter_rows(values_only=True)]

    def test_the_registers_of_a_period_as_spreadsheets(self):
        complaint = self._complaint()
        ncr = self.env["qms.nonconformity"].browse(complaint.action_create_nonconformity())
        old = self._rejected("OLD-LOT").nonconformity_ids
        old.sudo()._qms_write({"date": "2020-01-15 10:00:00"})
        complaint.action_create_capa()
        Wizard = self.env["qms.register.wizard"].with_user(self.owner)
        rows = self._sheet(Wizard.create({"register": "ncr"}).action_export())
        self.assertEqual(rows[0][:3], ["Reference", "Found On", "Origin"])
        names = [row[0] for row in rows[1:]]
        self.assertIn(ncr.name, names)
        self.assertNotIn(old.name, names, "last year's NCRs only")
        row = rows[1 + names.index(ncr.name)]
        self.assertEqual(row[2:6], ["Customer", "Critical", "QMS Rod", "CC-LOT"])
        self.assertEqual(row[12], ncr.capa_id.name)
        rows = self._sheet(
            Wizard.create(
                {"register": "ncr", "date_from": "2020-01-01", "date_to": "2020-12-31"}
            ).action_export()
        )
        names = [row[0] for row in rows[1:]]
        self.assertIn(old.name, names)
        self.assertNotIn(ncr.name, names)
        rows = self._sheet(Wizard.create({"register": "capa"}).action_export())
        capa_rows = [row for row in rows[1:] if row[0] == ncr.capa_id.name]
        self.assertEqual([row[4] for row in capa_rows], ["D0 Prepare"])
        with self.assertRefused(ValidationError, "the start comes after the end"):
            Wizard.create({"date_from": "2026-02-01", "date_to": "2026-01-01"})


@tagged("post_install", "-at_install")
class TestOtherCompany(ComplaintCommon):
    def test_another_company_sees_no_capa_action_or_complaint(self):
        complaint = self._complaint()
        complaint.action_create_capa()
        capa = complaint.capa_id
        action = self.env["qms.capa.action"].create(
            {"capa_id": capa.id, "name": "Sort", "date_deadline": "2026-12-31"}
        )
        other = self.env["res.company"].create({"name": "QMS Other Co"})
        outsider = new_test_user(
            self.env,
            login="qms_capa_outsider",
            groups="quality_core.group_qms_manager",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        for record, field, protected in (
            (capa, "title", {"date_closed": "2026-12-01"}),
            (action, "name", {"date_done": "2026-12-01"}),
            (complaint, "description", {"state": "closed"}),
        ):
            with self.subTest(model=record._name):
                self.assertFalse(record.with_user(outsider).search([("id", "=", record.id)]))
                with self.assertRaises(AccessError):
                    record.with_user(outsider).read(["name"])
                with self.assertRaises(AccessError):
                    record.with_user(outsider).write({field: "Taken over"})
                # A protected field too: Odoo's access error, not one naming the record.
                with self.assertRaises(AccessError) as refused:
                    record.with_user(outsider).write(protected)
                self.assertNotIn(record.display_name, str(refused.exception))
        with self.assertRaises(AccessError):
            capa.with_user(outsider).action_close(password=self._pw(outsider))
        self.assertEqual(capa.state, "open")
