# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import QmsCommon


class QmsSecurityCommon(QmsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.point = cls._control_point(cls.type_in)
        cls.lab_inspector = new_test_user(
            cls.env, login="qms_lab_inspector", groups="base.group_user,quality_core.group_qms_user"
        )
        cls.stock_user = new_test_user(
            cls.env, login="qms_stock_user", groups="stock.group_stock_user"
        )

    def _inspection(self, lot_name="LOT-A", qty=5):
        return self._receipt([(self.product_lot, {lot_name: qty})]).qms_inspection_ids

    def _rejected(self):
        inspection = self._decide(self._inspection(), self.inspector, value=10.5)
        self.assertEqual(inspection.decision, "reject")
        return inspection


@tagged("post_install", "-at_install")
class TestQmsAccessRights(QmsSecurityCommon):
    def test_inspector_cannot_configure_tests_or_control_points(self):
        with self.assertRaises(AccessError):
            self.point.with_user(self.inspector).write({"sampling_method": "fixed"})
        with self.assertRaises(AccessError):
            self.test_diameter.with_user(self.inspector).write({"tolerance_max": 12.0})
        with self.assertRaises(AccessError):
            self.env["qms.test"].with_user(self.inspector).create({"name": "Hardness"})
        with self.assertRaises(AccessError):
            self._control_point(self.type_out).with_user(self.inspector).unlink()
        self.assertEqual(self.point.sampling_method, "all")
        self.assertEqual(self.test_diameter.tolerance_max, 10.1)
        self.assertFalse(self.env["qms.test"].search([("name", "=", "Hardness")]))

    def test_inspector_cannot_grant_a_concession(self):
        inspection = self._rejected()
        with self.assertRaises(AccessError):
            inspection.with_user(self.inspector).action_concession(
                "Looks fine to me", password=self._pw(self.inspector)
            )
        self.assertEqual(inspection.decision, "reject")
        self.assertFalse(inspection.concession_reason)
        self.assertEqual(inspection.lot_id.qms_state, "blocked")

    def test_inspector_cannot_block_or_release_lots(self):
        inspection = self._rejected()
        lot = inspection.lot_id.with_user(self.inspector)
        with self.assertRaises(AccessError):
            lot.action_qms_release("Needed on the line", password=self._pw(lot))
        self.assertEqual(lot.qms_state, "blocked")
        other = self._decide(self._inspection("LOT-B"), self.inspector).lot_id
        self.assertEqual(other.qms_state, "released")
        with self.assertRaises(AccessError):
            other.with_user(self.inspector).action_qms_block("Suspect")
        self.assertEqual(other.qms_state, "released")

    def test_inspector_records_results_and_decides(self):
        inspection = self._inspection().with_user(self.lab_inspector)
        self._record(inspection, value=10.02)
        inspection.note = "<p>Measured with caliper C-12</p>"
        self.assertIs(inspection.action_done(), True)
        self.assertEqual((inspection.state, inspection.decision), ("done", "accept"))
        self.assertEqual(inspection.user_id, self.lab_inspector)
        self.assertEqual(inspection.sudo().lot_id.qms_state, "released")

    def test_manager_blocks_and_releases_lots_with_a_reason(self):
        lot = self._decide(self._inspection(), self.inspector).lot_id.with_user(self.manager)
        self.assertIs(lot.action_qms_block("Customer complaint 42"), True)
        self.assertEqual((lot.qms_state, lot.qms_hold_reason), ("blocked", "Customer complaint 42"))
        self.assertIs(
            lot.action_qms_release("Complaint not confirmed", password=self._pw(lot)), True
        )
        self.assertEqual(lot.qms_state, "released")
        self.assertFalse(lot.qms_hold_reason)

    def test_manager_grants_a_concession_through_the_wizard(self):
        inspection = self._rejected().with_user(self.manager)
        action = inspection.action_open_concession_wizard()
        wizard_form = Form.from_action(self.env(user=self.manager), action)
        wizard_form.reason = "Deviation 7 approved by the customer"
        wizard_form.password = self._pw(self.manager)
        wizard_form.save().action_confirm()
        self.assertEqual(inspection.decision, "concession")
        self.assertEqual(inspection.concession_reason, "Deviation 7 approved by the customer")
        self.assertEqual(inspection.concession_user_id, self.manager)
        self.assertEqual(inspection.lot_id.qms_state, "released")

    def test_stock_user_reads_but_cannot_change_inspections(self):
        receipt = self._receipt([(self.product_lot, {"LOT-A": 5})]).with_user(self.stock_user)
        self.assertEqual(receipt.qms_inspection_count, 1)
        self.assertEqual(receipt.qms_inspection_todo_count, 1)
        action = receipt.action_qms_view_inspections()
        self.assertEqual(action["res_id"], receipt.qms_inspection_ids.id)
        inspection = receipt.qms_inspection_ids
        self.assertEqual(inspection.state, "todo")
        self.assertEqual(len(inspection.line_ids), 2)
        self.assertEqual(inspection.lot_id.qms_state, "pending")
        with self.assertRaises(AccessError):
            inspection.write({"defect_count": 1})
        with self.assertRaises(AccessError):
            inspection.line_ids[0].write({"answer": "pass"})
        with self.assertRaises(AccessError):
            inspection.action_done()
        inspection.invalidate_recordset()
        self.assertEqual((inspection.state, inspection.defect_count), ("todo", 0))
        self.assertFalse(inspection.line_ids.filtered("result"))


@tagged("post_install", "-at_install")
class TestQmsMultiCompany(QmsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "QMS Company B"})
        cls.warehouse_b = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company_b.id)], limit=1
        )
        env_b = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.company_b.ids))
        test_b = env_b["qms.test"].create({"name": "Visual check B"})
        cls.point_b = env_b["qms.control.point"].create(
            {
                "name": "IQC company B",
                "picking_type_ids": [(6, 0, cls.warehouse_b.in_type_id.ids)],
                "test_ids": [(6, 0, test_b.ids)],
            }
        )
        cls.point_a = cls._control_point(cls.type_in)
        receipt_b = env_b["stock.picking"].create(
            {
                "picking_type_id": cls.warehouse_b.in_type_id.id,
                "location_id": cls.supplier_location.id,
                "location_dest_id": cls.warehouse_b.lot_stock_id.id,
                "partner_id": cls.vendor.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": cls.product_plain.name,
                            "product_id": cls.product_plain.id,
                            "product_uom_qty": 3,
                            "product_uom": cls.product_plain.uom_id.id,
                            "location_id": cls.supplier_location.id,
                            "location_dest_id": cls.warehouse_b.lot_stock_id.id,
                        },
                    )
                ],
            }
        )
        receipt_b.action_confirm()
        receipt_b.button_validate()
        cls.inspection_b = receipt_b.qms_inspection_ids
        cls.user_a = new_test_user(
            cls.env,
            login="qms_manager_a",
            groups="stock.group_stock_user,quality_core.group_qms_manager",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )

    def test_company_b_receipt_is_inspected_by_its_own_point_only(self):
        self.assertEqual(len(self.inspection_b), 1)
        self.assertEqual(self.inspection_b.control_point_id, self.point_b)
        self.assertEqual(self.inspection_b.company_id, self.company_b)

    def test_user_of_company_a_does_not_see_company_b(self):
        inspection_a = self._receipt([(self.product_plain, 2)]).qms_inspection_ids
        Inspection = self.env["qms.inspection"].with_user(self.user_a)
        self.assertEqual(
            Inspection.search([("product_id", "=", self.product_plain.id)]), inspection_a
        )
        self.assertEqual(
            self.env["qms.control.point"].with_user(self.user_a).search([]), self.point_a
        )
        self.assertFalse(
            self.env["qms.inspection.line"]
            .with_user(self.user_a)
            .search([("inspection_id", "=", self.inspection_b.id)])
        )
        with self.assertRaises(AccessError):
            self.inspection_b.with_user(self.user_a).read(["state"])

    def test_writing_another_companys_decided_inspection_names_nothing(self):
        """The access check comes before the refusals that name the records."""
        inspection = self._decide(self.inspection_b, self.env.user)
        line = inspection.line_ids[:1]
        for record, operation in (
            (inspection, lambda r: r.write({"decision": "accept"})),
            (inspection, lambda r: r.write({"note": "Taken over"})),
            (inspection, lambda r: r.unlink()),
            (line, lambda r: r.write({"note": "Taken over"})),
            (line, lambda r: r.unlink()),
        ):
            with self.subTest(model=record._name, operation=operation):
                with self.assertRaises(AccessError) as refused:
                    operation(record.with_user(self.user_a))
                self.assertNotIn(inspection.name, str(refused.exception))
        self.assertEqual(inspection.state, "done")


@tagged("post_install", "-at_install")
class TestQmsBadInput(QmsSecurityCommon):
    def test_value_on_a_pass_fail_line_is_refused(self):
        line = self._inspection().line_ids.filtered(lambda x: x.test_type == "passfail")
        with self.assertRefused(ValidationError, "Visual check"):
            line.with_user(self.inspector).write({"value": 3.0})
        self.assertEqual((line.value, line.is_measured, line.result), (0.0, False, False))

    def test_answer_on_a_measure_line_is_refused(self):
        line = self._inspection().line_ids.filtered(lambda x: x.test_type == "measure")
        with self.assertRefused(ValidationError, "Diameter"):
            line.with_user(self.inspector).write({"answer": "pass"})
        self.assertEqual((line.answer, line.result), (False, False))

    def test_missing_results_are_named_and_nothing_is_decided(self):
        inspection = self._inspection().with_user(self.inspector)
        inspection.line_ids.filtered(lambda x: x.test_type == "passfail").answer = "pass"
        with self.assertRefused(UserError, "Diameter"):
            inspection.action_done()
        self.assertEqual((inspection.state, inspection.decision), ("todo", False))
        self.assertFalse(inspection.date_done)
        self.assertEqual(inspection.sudo().lot_id.qms_state, "pending")

    def test_deciding_twice_is_refused(self):
        inspection = self._decide(self._inspection(), self.inspector)
        date_done = inspection.date_done
        with self.assertRefused(UserError, inspection.name):
            inspection.with_user(self.inspector).action_done()
        self.assertEqual((inspection.decision, inspection.date_done), ("accept", date_done))

    def test_concession_needs_a_reason(self):
        inspection = self._rejected().with_user(self.manager)
        for reason in ("", "   ", False):
            with self.assertRefused(UserError, inspection.name):
                inspection.action_concession(reason, password=self._pw(inspection))
        self.assertEqual(inspection.decision, "reject")
        self.assertEqual(inspection.lot_id.qms_state, "blocked")

    def test_concession_on_a_passed_inspection_is_refused(self):
        inspection = self._decide(self._inspection(), self.inspector).with_user(self.manager)
        with self.assertRefused(UserError, inspection.name):
            inspection.action_concession("Just in case", password=self._pw(inspection))
        self.assertEqual(inspection.decision, "accept")
        self.assertFalse(inspection.concession_reason)

    def test_concession_on_an_open_inspection_is_refused(self):
        inspection = self._inspection().with_user(self.manager)
        with self.assertRefused(UserError, inspection.name):
            inspection.action_concession(
                "Urgent, skip the inspection", password=self._pw(inspection)
            )
        self.assertEqual((inspection.state, inspection.decision), ("todo", False))
        self.assertEqual(inspection.lot_id.qms_state, "pending")

    def test_results_cannot_change_after_the_decision(self):
        inspection = self._rejected().with_user(self.inspector)
        measure = inspection.line_ids.filtered(lambda x: x.test_type == "measure")
        with self.assertRefused(UserError, inspection.name):
            measure.write({"value": 10.0})
        with self.assertRefused(UserError, inspection.name):
            inspection.write({"defect_count": 0, "sample_size": 1})
        self.assertEqual((measure.value, measure.result), (10.5, "fail"))
        self.assertEqual((inspection.result, inspection.decision), ("fail", "reject"))

    def test_tolerance_min_above_max_is_refused(self):
        with self.assertRefused(ValidationError, "Length"):
            self.env["qms.test"].create(
                {
                    "name": "Length",
                    "test_type": "measure",
                    "norm": 5.0,
                    "tolerance_min": 6.0,
                    "tolerance_max": 4.0,
                }
            )
        self.assertFalse(self.env["qms.test"].search([("name", "=", "Length")]))
        with self.assertRefused(ValidationError, "Diameter"):
            self.test_diameter.write({"tolerance_min": 10.2})
        self.assertEqual(self.test_diameter.tolerance_min, 9.9)

    def test_sample_percent_outside_0_100_is_refused(self):
        for percent in (-10.0, 0.0, 150.0):
            with self.assertRaises(ValidationError):
                self.point.write({"sampling_method": "percent", "sample_percent": percent})
            self.assertEqual(self.point.sampling_method, "all")
        with self.assertRaises(ValidationError):
            self._control_point(self.type_out, sampling_method="fixed", sample_qty=-1)

    def test_unknown_aql_is_refused(self):
        with self.assertRefused(ValidationError, "AQL"):
            self.point.write({"sampling_method": "aql", "aql_value": 3.0})
        self.assertEqual(self.point.sampling_method, "all")

    def test_sample_size_is_the_plan_and_cannot_be_written(self):
        inspection = self._inspection(qty=5).with_user(self.inspector)
        with self.assertRefused(UserError, "%s: Sample Size can't be written" % inspection.name):
            inspection.sample_size = 6
        self.assertEqual(inspection.sample_size, 5)


@tagged("post_install", "-at_install")
class TestQmsAccessLevels(QmsCommon):
    """Settings → Users shows the Quality roles as selections, outside developer mode."""

    def test_quality_roles_are_selections_on_the_user_form(self):
        category = self.env.ref("quality_core.module_category_qms")
        applications = [
            (app, kind, groups)
            for app, kind, groups, _section in self.env["res.groups"].get_groups_by_application()
            if category in (app, app.parent_id)
        ]
        self.assertTrue(applications)
        quality_groups = self.env["res.groups"].search(
            ["|", ("category_id", "=", category.id), ("category_id.parent_id", "=", category.id)]
        )
        self.assertEqual(
            quality_groups, self.env["res.groups"].union(*(app[2] for app in applications))
        )
        self.assertIn(self.env.ref("quality_core.group_qms_manager"), quality_groups)
        admin = new_test_user(self.env, login="qms_settings_admin", groups="base.group_system")
        self.assertFalse(admin.has_group("base.group_no_one"))
        form = (
            self.env["res.users"].with_user(admin).get_view(self.env.ref("base.view_users_form").id)
        )
        for app, kind, groups in applications:
            self.assertEqual(kind, "selection", f"{app.name}: {groups.mapped('name')}")
            field = "sel_groups_" + "_".join(str(gid) for gid in sorted(groups.ids))
            self.assertIn(f'name="{field}"', form["arch"], app.name)
