# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import xmlrpc.client
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from ..models.qms_audit_pack import CLAUSES, AuditClause
from .common import (
    audit_pack_csv,
    audit_pack_evidence,
    audit_pack_files,
    second_company_manager,
    xlsx_rows,
)
from .test_gauges import GaugeCommon


@tagged("post_install", "-at_install")
class TestAuditPack(GaugeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._control_point(cls.type_in)
        accepted = cls._receipt([(cls.product_lot, {"PACK-OK": 5})]).qms_inspection_ids
        cls.accepted = cls._decide(accepted, cls.inspector)
        rejected = cls._receipt([(cls.product_lot, {"PACK-NOK": 5})]).qms_inspection_ids
        cls.rejected = cls._decide(rejected, cls.inspector, value=10.5)
        conceded = cls._receipt([(cls.product_lot, {"PACK-CONC": 5})]).qms_inspection_ids
        cls.conceded = cls._decide(conceded, cls.inspector, value=10.5)
        cls.conceded.with_user(cls.manager).action_concession(
            "Customer accepts 10.5 mm", password=cls._pw(cls.manager)
        )
        cls.gauge = cls._gauge("Caliper PACK-1", calibrated_days_ago=0)
        cls.env.flush_all()

    def _pack(self, **vals):
        today = fields.Date.context_today(self.env["qms.audit.pack"])
        return (
            self.env["qms.audit.pack"]
            .with_user(self.manager)
            .create({"date_from": today - timedelta(days=1), "date_to": today, **vals})
        )

    def test_the_pack_maps_each_clause_to_its_evidence(self):
        pack = self._pack(standard="iatf16949")
        # The index as HTML, as Odoo renders reports under tests; test_report_zh prints it.
        attachment_id = pack.action_generate()
        self.assertEqual(pack.state, "done")
        self.assertEqual(pack.attachment_id.id, attachment_id)
        self.assertEqual(pack.generated_by_id, self.manager)
        files = audit_pack_files(pack)
        names = list(files)
        self.assertEqual(names[:2], ["index.html", "index.xlsx"])
        self.assertIn(b"Audit Evidence Pack", files["index.html"])
        self.assertIn("05-8.6-release.xlsx", names)
        self.assertIn("05-8.6-release-inspections.csv", names)
        self.assertIn("02-7.5.3-signatures-signatures.csv", names)
        self.assertIn("01-7.1.5-equipment.xlsx", names)
        # The index names every clause of the standard with its evidence file.
        index = xlsx_rows(files["index.xlsx"])
        clauses = [row[0] for row in index[1 : len(CLAUSES) + 1]]
        self.assertEqual(clauses, [clause.iso for clause in CLAUSES])
        release = next(row for row in index if row[0] == "8.6")
        self.assertEqual(release[1], "8.6.1, 8.7.1.1")
        self.assertEqual(release[3], "05-8.6-release.xlsx\n05-8.6-release-inspections.csv")
        self.assertIn("Inspections decided: 3", release[6])
        self.assertIn("Accepted under concession: 1", release[6])
        self.assertIn("Rejected: 1", release[6])
        # The register: one row per inspection decided in the period, with its decision.
        register = audit_pack_csv(pack, "release-inspections")
        self.assertEqual(register[0][:2], ["Inspection", "Decided On"])
        decisions = {row[0]: row[10] for row in register[1:]}
        self.assertEqual(
            decisions,
            {
                self.accepted.name: "Accepted",
                self.rejected.name: "Rejected",
                self.conceded.name: "Accepted under concession",
            },
        )
        # The concession and the signature that granted it.
        concessions = audit_pack_evidence(pack, "release", "Concessions")
        self.assertEqual(len(concessions), 2)
        self.assertEqual(concessions[1][0], self.conceded.name)
        self.assertEqual(concessions[1][4], "Customer accepts 10.5 mm")
        self.assertEqual(concessions[1][5], self.manager.name)
        signature = self.env["qms.signature"].search(
            [("res_model", "=", "qms.inspection"), ("res_id", "=", self.conceded.id)]
        )
        self.assertEqual(concessions[1][8], signature.content_hash)
        # The calibration closed today and the gauge.
        calibrations = audit_pack_evidence(pack, "equipment", "Calibrations")
        self.assertEqual([row[0] for row in calibrations[1:]], ["Caliper PACK-1"])
        self.assertEqual(calibrations[1][8], "Pass")
        # The signature chain is verified and intact.
        signatures = pack.section_ids.filtered(lambda section: section.clause == "7.5.3")
        self.assertIn(["Chain intact", "Yes"], signatures.figures)
        # PPM: 2 of the 3 sampled lots had a defective unit.
        analysis = pack.section_ids.filtered(lambda section: section.clause == "9.1.3")
        self.assertEqual(analysis.status, "done")
        capability = audit_pack_evidence(pack, "analysis", "Capability")
        diameter = [row for row in capability[1:] if row[0] == "Diameter"]
        self.assertEqual(len(diameter), 1)
        self.assertEqual(diameter[0][4], 3, "three measured values")
        # The ZIP's checksum is kept on the pack and told in the chatter.
        self.assertEqual(len(pack.checksum), 64)
        self.assertIn(pack.checksum, pack.message_ids[0].body)

    def test_a_clause_whose_module_is_missing_says_so(self):
        clauses = tuple(
            AuditClause("trace", "quality_not_installed", "8.5.2", "8.5.2.1")
            if clause.section == "trace"
            else clause
            for clause in CLAUSES
        )
        with patch.object(
            type(self.env["qms.audit.pack"]), "_qms_audit_clauses", lambda s: clauses
        ):
            pack = self._pack()
            pack.action_generate()
        missing = pack.section_ids.filtered(
            lambda section: section.module == "quality_not_installed"
        )
        self.assertEqual(missing.status, "missing")
        self.assertIn("quality_not_installed is not installed", missing.figures_text)
        self.assertFalse(missing.file_name)

    def test_only_quality_managers_of_the_companies_generate(self):
        pack = self._pack()
        with self.assertRefused(AccessError, "Only a Quality Manager can generate the audit pack"):
            pack.with_user(self.inspector).action_generate()
        with self.assertRefused(AccessError, "not allowed to create"):
            self.env["qms.audit.pack"].with_user(self.inspector).create(
                {"date_from": "2026-01-01", "date_to": "2026-01-31"}
            )
        _company, foreign_manager = second_company_manager(
            self.env, "Pack Co B", "qms_pack_manager_b"
        )
        with self.assertRefused(AccessError, "."):
            pack.with_user(foreign_manager).action_generate()
        self.assertEqual(pack.state, "draft")
        self.assertFalse(pack.attachment_id)

    def test_a_pack_of_several_companies_is_read_by_who_works_in_all(self):
        company_b, _manager_b = second_company_manager(self.env, "Pack Co C", "qms_pack_mgr_c")
        pack = self.env["qms.audit.pack"].create(
            {
                "date_from": "2026-01-01",
                "date_to": "2026-01-31",
                "company_ids": [(6, 0, (self.company | company_b).ids)],
            }
        )
        pack._qms_generate()
        Pack = self.env["qms.audit.pack"].with_user(self.inspector)
        Section = self.env["qms.audit.pack.section"].with_user(self.inspector)
        self.assertFalse(Pack.search([("id", "=", pack.id)]), "works in one of the two")
        self.assertFalse(Section.search([("pack_id", "=", pack.id)]))
        self.inspector.company_ids |= company_b
        self.assertEqual(Pack.search([("id", "=", pack.id)]), pack)
        self.assertEqual(len(Section.search([("pack_id", "=", pack.id)])), len(CLAUSES))

    def test_a_generated_pack_stays_as_generated(self):
        pack = self._pack()
        pack.action_generate()
        attachment = pack.attachment_id
        for vals in (
            {"date_from": "2020-01-01"},
            {"standard": "iatf16949"},
        ):
            with self.assertRefused(UserError, "is generated"):
                pack.write(vals)
        for vals in (
            {"state": "draft"},
            {"attachment_id": False},
            {"checksum": "0" * 64},
            {"section_ids": [(5, 0, 0)]},
        ):
            with self.assertRefused(UserError, "."):
                pack.write(vals)
        with self.assertRefused(UserError, "was generated on"):
            pack.action_generate()
        with self.assertRefused(UserError, "filed as audit evidence"):
            pack.unlink()
        with self.assertRefused(AccessError, "."):
            pack.section_ids[:1].with_user(self.manager).write({"title": "Forged"})
        self.assertEqual(pack.attachment_id, attachment)
        self.assertEqual(pack.state, "done")

    def test_a_pack_is_not_created_generated(self):
        for vals in ({"state": "done"}, {"checksum": "0" * 64}, {"duration": 1.0}):
            with self.assertRefused(UserError, "."):
                self._pack(**vals)
        self.assertFalse(self.env["qms.audit.pack"].search([]))

    def test_a_reversed_period_is_refused(self):
        with self.assertRefused(UserError, "the start comes after the end"):
            self._pack(date_from="2026-03-01", date_to="2026-02-01")

    def test_the_cron_files_last_months_pack_once(self):
        Pack = self.env["qms.audit.pack"]
        Pack._cron_generate_monthly()
        filed = Pack.search([("state", "=", "done"), ("company_id", "=", self.company.id)])
        self.assertEqual(len(filed), 1)
        today = fields.Date.context_today(Pack)
        self.assertEqual(filed.date_to, today.replace(day=1) - timedelta(days=1))
        self.assertEqual(filed.date_from, filed.date_to.replace(day=1))
        self.assertEqual(list(audit_pack_files(filed))[1], "index.xlsx")
        Pack._cron_generate_monthly()
        self.assertEqual(
            Pack.search_count([("state", "=", "done"), ("company_id", "=", self.company.id)]), 1
        )


@tagged("post_install", "-at_install")
class TestAuditPackInBrowserAndOverXmlRpc(HttpCase, GaugeCommon):
    def test_a_manager_generates_the_pack_from_the_quality_menu(self):
        self.env.ref("base.user_admin").tz = "UTC"
        self.start_tour("/odoo", "qms_audit_pack_tour", login="admin")
        pack = self.env["qms.audit.pack"].search([], order="id desc", limit=1)
        self.assertEqual((pack.state, pack.standard), ("done", "iatf16949"))
        self.assertEqual(str(pack.date_from), "2026-01-01")
        self.assertEqual(pack.attachment_id.mimetype, "application/zip")
        # Under tests a request gets the index as HTML (see _qms_audit_index_pdf).
        self.assertEqual(list(audit_pack_files(pack))[:2], ["index.html", "index.xlsx"])

    def test_a_script_generates_the_pack_and_gets_the_zip(self):
        self.env.flush_all()
        pack_id = self._xmlrpc(
            self.manager,
            "qms.audit.pack",
            "create",
            {"date_from": "2026-01-01", "date_to": "2026-01-31", "standard": "iso9001"},
        )
        attachment_id = self._xmlrpc(self.manager, "qms.audit.pack", "action_generate", [pack_id])
        self.assertIsInstance(attachment_id, int)
        [attachment] = self._xmlrpc(
            self.manager, "ir.attachment", "read", [attachment_id], ["name", "mimetype"]
        )
        self.assertEqual(attachment["mimetype"], "application/zip")
        self.assertTrue(attachment["name"].endswith(".zip"))
        with self.assertRaises(xmlrpc.client.Fault) as refused:
            self._xmlrpc(self.inspector, "qms.audit.pack", "action_generate", [pack_id])
        self.assertIn("Only a Quality Manager can generate the audit pack", str(refused.exception))
