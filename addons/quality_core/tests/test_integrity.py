# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Quality records change only through their actions, whoever writes and however."""

import threading
import time
import xmlrpc.client

import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from ..models.qms_inspection import InspectionCandidate
from ..models.qms_protected_mixin import actions_writing
from .common import second_company_manager
from .test_security import QmsSecurityCommon

DECISION_FIELDS = ("state", "decision", "result", "lot_id", "concession_reason", "reject_number")


class QmsIntegrityCommon(QmsSecurityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")
        cls.company_b, cls.manager_b = second_company_manager(
            cls.env, "QMS Integrity Company B", "qms_manager_b"
        )
        # Everyone who could try: the suite's roles, an inventory user and the administrator.
        cls.writers = {
            "inspector": cls.inspector,
            "manager": cls.manager,
            "inventory user": cls.stock_user,
            "admin": cls.admin,
        }

    def _end_transaction(self):
        """Write the tracking of the changes so far, as the end of a request does."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _snapshot(self, records, names):
        records.invalidate_recordset()
        return [{name: record[name] for name in names} for record in records]


@tagged("post_install", "-at_install")
class TestDecidedInspectionsAreFrozen(QmsIntegrityCommon):
    def test_nobody_rewrites_a_rejected_inspection(self):
        inspection = self._rejected()
        other_lot = self._lot(self.product_lot, "LOT-OTHER", 5)
        before = self._snapshot(inspection, DECISION_FIELDS)
        attempts = [
            {"decision": "accept"},
            {"decision": "concession", "concession_reason": "Self-granted"},
            {"result": "pass"},
            {"lot_id": other_lot.id},
            {"state": "todo"},
            {"reject_number": 1000},
            {"defect_count": 0},
        ]
        for role, user in self.writers.items():
            for vals in attempts:
                with self.subTest(role=role, vals=vals):
                    with self.assertRefused(UserError, inspection.name):
                        inspection.with_user(user).write(vals)
        self.assertEqual(self._snapshot(inspection, DECISION_FIELDS), before)
        self.assertEqual(inspection.lot_id.qms_state, "blocked")

    def test_the_specification_of_an_open_inspection_is_frozen(self):
        inspection = self._inspection()
        line = inspection.line_ids.filtered(lambda line: line.test_type == "measure")
        for user in (self.inspector, self.manager, self.admin):
            for vals in (
                {"tolerance_min": 0.0, "tolerance_max": 100.0},
                {"norm": 50.0},
                {"test_type": "passfail"},
                {"test_id": self.test_visual.id},
                {"is_measured": True},
                {"result": "pass"},
                {"inspection_id": self._inspection("LOT-B").id},
            ):
                with self.subTest(user=user.login, vals=vals):
                    with self.assertRefused(UserError, "can't be written directly"):
                        line.with_user(user).write(vals)
            for vals in (
                {"state": "done", "decision": "accept"},
                {"timing": "before"},
                {"sampling_method": "aql"},
                {"qty": 1},
                {"accept_number": 3},
                {"company_id": self.company_b.id},
            ):
                with self.subTest(user=user.login, vals=vals):
                    with self.assertRefused(UserError, "can't be written directly"):
                        inspection.with_user(user).write(vals)
        self.assertEqual((line.tolerance_min, line.tolerance_max, line.norm), (9.9, 10.1, 10.0))
        self.assertEqual(line.test_type, "measure")
        self.assertEqual((inspection.state, inspection.decision), ("todo", False))

        # The widened tolerance would have accepted 50.0: the frozen one rejects it.
        self._decide(inspection, self.inspector, value=50.0)
        self.assertEqual(inspection.decision, "reject")
        self.assertEqual(inspection.lot_id.qms_state, "blocked")

    def test_results_lines_and_deletion_of_decided_inspections_are_refused(self):
        inspection = self._rejected()
        line = inspection.line_ids[0]
        for user in (self.manager, self.admin):
            with self.assertRefused(UserError, "already decided"):
                line.with_user(user).write({"note": "Rewritten"})
            with self.assertRefused(UserError, "already decided"):
                self.env["qms.inspection.line"].with_user(user).create(
                    {"inspection_id": inspection.id, "test_id": self.test_visual.id}
                )
            with self.assertRefused(UserError, "already decided"):
                line.with_user(user).unlink()
            with self.assertRefused(UserError, "can't be deleted"):
                inspection.with_user(user).unlink()
        self.assertTrue(inspection.exists())
        self.assertEqual(len(inspection.line_ids), 2)
        self.assertFalse(line.note)

    def test_inspections_are_not_created_or_copied_by_hand(self):
        inspection = self._inspection()
        for user in (self.manager, self.admin):
            with self.assertRefused(UserError, "created by the control points"):
                self.env["qms.inspection"].with_user(user).create(
                    {
                        "control_point_id": self.point.id,
                        "product_id": self.product_lot.id,
                        "state": "done",
                        "decision": "accept",
                    }
                )
            with self.assertRefused(UserError, "created by the control points"):
                inspection.with_user(user).copy()
        self.assertEqual(
            self.env["qms.inspection"].search_count([("product_id", "=", self.product_lot.id)]), 1
        )

    def test_tests_are_added_to_open_inspections_with_the_test_specification(self):
        inspection = self._inspection()
        Line = self.env["qms.inspection.line"].with_user(self.manager)
        with self.assertRefused(UserError, "with the inspection and the test only"):
            Line.create(
                {
                    "inspection_id": inspection.id,
                    "test_id": self.test_diameter.id,
                    "tolerance_max": 100.0,
                }
            )
        added = Line.create({"inspection_id": inspection.id, "test_id": self.test_diameter.id})
        self.assertEqual(
            (added.test_type, added.norm, added.tolerance_min, added.tolerance_max),
            ("measure", 10.0, 9.9, 10.1),
        )
        self.assertEqual(len(inspection.line_ids), 3)
        with self.assertRaises(AccessError):
            self.env["qms.inspection.line"].with_user(self.inspector).create(
                {"inspection_id": inspection.id, "test_id": self.test_visual.id}
            )

    def test_a_recorded_result_stays(self):
        inspection = self._inspection()
        self._record(inspection.with_user(self.inspector), value=10.5)
        failed = inspection.line_ids.filtered(lambda line: line.result == "fail")
        with self.assertRefused(UserError, "have a result recorded"):
            failed.with_user(self.manager).unlink()
        self.assertTrue(failed.exists())
        empty = self._inspection("LOT-B").line_ids[:1]
        empty.with_user(self.manager).unlink()
        self.assertFalse(empty.exists())

    def test_forged_context_does_not_open_the_guard(self):
        inspection = self._rejected()
        forged = inspection.with_user(self.admin).with_context(
            qms_actions_writing=True, default_decision="accept"
        )
        with self.assertRefused(UserError, inspection.name):
            forged.write({"decision": "accept"})
        with self.assertRefused(UserError, "can't be written directly"):
            self.env["stock.lot"].with_context(default_qms_state="released").create(
                {"name": "FORGED", "product_id": self.product_lot.id}
            )
        self.assertEqual(inspection.decision, "reject")


@tagged("post_install", "-at_install")
class TestManagersCancelAndReinspect(QmsIntegrityCommon):
    def test_reinspection_keeps_the_rejection_visible_and_decides_again(self):
        inspection = self._rejected()
        lot = inspection.lot_id
        with self.assertRaises(AccessError):
            inspection.with_user(self.inspector).action_reinspect("Gauge was out of calibration")
        new_ids = inspection.with_user(self.manager).action_reinspect(
            "Gauge was out of calibration"
        )
        new = self.env["qms.inspection"].browse(new_ids)
        self.assertEqual(len(new), 1)
        self.assertEqual(
            (inspection.state, inspection.decision, inspection.result),
            ("cancel", "reject", "fail"),
            "the rejection stays visible",
        )
        self.assertEqual(inspection.cancel_reason, "Gauge was out of calibration")
        self.assertEqual(inspection.reinspection_id, new)
        self.assertEqual((new.state, new.origin_inspection_id), ("todo", inspection))
        self.assertEqual(new.lot_id, lot)
        self.assertEqual(
            new.line_ids.mapped("tolerance_max"), inspection.line_ids.mapped("tolerance_max")
        )
        self.assertEqual(lot.qms_state, "blocked", "held until the new decision")
        self._decide(new, self.inspector, value=10.0)
        self.assertEqual(lot.qms_state, "released")
        with self.assertRefused(UserError, "can't be deleted"):
            inspection.with_user(self.manager).unlink()

    def test_cancelling_a_decision_needs_a_reason(self):
        inspection = self._rejected()
        with self.assertRefused(UserError, "reason"):
            inspection.with_user(self.manager).action_cancel()
        self.assertEqual(inspection.state, "done")
        inspection.with_user(self.manager).action_cancel("Wrong product inspected")
        self.assertEqual((inspection.state, inspection.decision), ("cancel", "reject"))
        self.assertEqual(inspection.cancel_reason, "Wrong product inspected")
        self.assertEqual(inspection.lot_id.qms_state, "released")

    def test_cancelling_the_last_open_inspection_releases_the_pending_lot(self):
        inspection = self._inspection()
        self.assertEqual(inspection.lot_id.qms_state, "pending")
        inspection.with_user(self.manager).action_cancel()
        self.assertEqual(inspection.lot_id.qms_state, "released")


@tagged("post_install", "-at_install")
class TestLotHolds(QmsIntegrityCommon):
    def test_nobody_writes_a_hold(self):
        lot = self._rejected().lot_id
        for role, user in self.writers.items():
            for vals in (
                {"qms_state": "released"},
                {"qms_hold_manual": True},
                {"qms_hold_reason": False},
            ):
                with self.subTest(role=role, vals=vals):
                    with self.assertRefused(UserError, "Quality Status|Held|Hold"):
                        lot.with_user(user).write(vals)
        with self.assertRefused(UserError, "Quality Status"):
            self.env["stock.lot"].with_user(self.stock_user).create(
                {"name": "FRESH", "product_id": self.product_lot.id, "qms_state": "released"}
            )
        lot.invalidate_recordset()
        self.assertEqual((lot.qms_state, lot.qms_hold_manual), ("blocked", False))

    def test_another_companys_manager_cannot_release_a_lot(self):
        lot = self._rejected().lot_id
        lot.company_id = self.company
        with self.assertRaises(AccessError):
            lot.with_user(self.manager_b).action_qms_release(
                "Not our problem", password=self._pw(self.manager_b)
            )
        self.assertEqual(lot.qms_state, "blocked")

    def test_a_shared_lot_is_released_by_a_manager_of_every_company_holding_it(self):
        """A lot without company is the same goods in every company: its hold is global."""
        lot = self._lot(self.product_lot, "SHARED-1", 5)
        self.assertFalse(lot.company_id)
        stock_b = self.env["stock.warehouse"].search([("company_id", "=", self.company_b.id)])
        self.env["stock.quant"].sudo()._update_available_quantity(
            self.product_lot, stock_b.lot_stock_id, 3, lot_id=lot
        )
        manager = self.manager.with_context(allowed_company_ids=self.company.ids)
        with self.assertRefused(AccessError, "QMS Integrity Company B"):
            lot.with_user(manager).action_qms_block("Suspect supplier batch")
        self.assertEqual(lot.qms_state, "none")
        self.manager.company_ids |= self.company_b
        both = lot.with_user(self.manager).with_context(
            allowed_company_ids=(self.company | self.company_b).ids
        )
        both.action_qms_block("Suspect supplier batch")
        self.assertEqual((lot.qms_state, lot.qms_hold_manual), ("blocked", True))

    def test_every_hold_change_is_tracked_with_old_and_new_values(self):
        receipt = self._receipt([(self.product_lot, {"LOT-A": 5})])
        lot = receipt.qms_inspection_ids.lot_id
        self._end_transaction()  # Odoo tracks no change in the transaction that creates
        self._decide(receipt.qms_inspection_ids, self.inspector, value=10.5)
        lot.with_user(self.manager).action_qms_release(
            "Measured again: fine", password=self._pw(self.manager)
        )
        changes = [
            (tracking.old_value_char, tracking.new_value_char, message.author_id)
            for message in lot.message_ids.sorted("id")
            for tracking in message.tracking_value_ids
            if tracking.field_id.name == "qms_state"
        ]
        self.assertEqual(
            changes,
            [
                ("Not inspected", "Pending inspection", self.env.user.partner_id),
                ("Pending inspection", "Blocked", self.inspector.partner_id),
                ("Blocked", "Released", self.manager.partner_id),
            ],
        )
        self._end_transaction()
        decision = receipt.qms_inspection_ids.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "decision"
        )
        self.assertEqual(decision.new_value_char, "Rejected")

    def test_a_done_delivery_cannot_be_rewritten_to_a_blocked_lot(self):
        good = self._lot(self.product_lot, "GOOD-1", 5)
        blocked = self._lot(self.product_lot, "BAD-1", 5)
        blocked.with_user(self.manager).action_qms_block("Cracks")
        delivery = self._delivery([(self.product_lot, 5)])
        delivery.action_assign()
        self.assertEqual(delivery.move_line_ids.lot_id, good)
        delivery.button_validate()
        self.assertEqual(delivery.state, "done")
        with self.assertRefused(UserError, "hold.*BAD-1"):
            delivery.move_line_ids.with_user(self.manager).write({"lot_id": blocked.id})
        self.assertEqual(delivery.move_line_ids.lot_id, good)
        self.assertEqual(self._on_hand(self.product_lot, self.stock, blocked), 5)


@tagged("post_install", "-at_install")
class TestArgumentsOfTheActions(QmsIntegrityCommon):
    def test_a_reason_is_a_non_empty_text(self):
        inspection = self._rejected()
        lot = inspection.lot_id.with_user(self.manager)
        for reason in (None, "", "   ", 42, ["x"], {"text": "x"}):
            with self.subTest(reason=reason):
                with self.assertRefused(UserError, "non-empty text"):
                    inspection.with_user(self.manager).action_concession(
                        reason, password=self._pw(self.manager)
                    )
                with self.assertRefused(UserError, "non-empty text"):
                    inspection.with_user(self.manager).action_reinspect(reason)
                with self.assertRefused(UserError, "non-empty text"):
                    lot.action_qms_release(reason, password=self._pw(lot))
        self.assertEqual((inspection.state, inspection.decision), ("done", "reject"))
        self.assertEqual(lot.qms_state, "blocked")

    def test_measured_values_must_be_finite(self):
        inspection = self._inspection()
        line = inspection.line_ids.filtered(lambda line: line.test_type == "measure")
        for value in (float("nan"), float("inf"), float("-inf"), 1e308, True, "10"):
            with self.subTest(value=value):
                with self.assertRefused(ValidationError, "not a measurable value"):
                    line.with_user(self.inspector).write({"value": value})
        self.assertFalse(line.is_measured)
        with self.assertRefused(ValidationError, "not a measurable value"):
            self.env["qms.test"].create(
                {"name": "Huge", "test_type": "measure", "tolerance_max": 1e308}
            )

    def test_one_record_actions_say_so(self):
        inspections = self._inspection() | self._inspection("LOT-B")
        with self.assertRefused(UserError, "one Quality Inspection at a time, not 2"):
            inspections.action_view_lot()

    def test_a_control_point_needs_operations_and_tests(self):
        with self.assertRefused(ValidationError, "at least one operation type and one test"):
            self.env["qms.control.point"].create(
                {"name": "No tests", "picking_type_ids": [(6, 0, self.type_in.ids)]}
            )
        with self.assertRefused(ValidationError, "at least one operation type and one test"):
            self.point.write({"picking_type_ids": [(5, 0, 0)]})
        self.assertEqual(self.point.picking_type_ids, self.type_in)

    def test_an_inspector_without_email_decides_a_colleagues_inspection(self):
        lonely = new_test_user(
            self.env,
            login="qms_no_mail",
            groups="stock.group_stock_user,quality_core.group_qms_user",
            email=False,
        )
        self.assertFalse(lonely.email)
        inspection = self._inspection()
        inspection.user_id = self.inspector
        self._end_transaction()
        inspection = self._decide(inspection, lonely, value=10.5)
        self.assertEqual((inspection.decision, inspection.user_id), ("reject", self.inspector))
        unassigned = self._inspection("LOT-B")
        self._end_transaction()
        unassigned = self._decide(unassigned, lonely, value=10.0)
        self.assertEqual((unassigned.decision, unassigned.user_id), ("accept", lonely))
        self._end_transaction()


@tagged("post_install", "-at_install")
class TestConcurrentDecisions(TransactionCase):
    """Two inspectors deciding one inspection at the same moment leave exactly one decision.

    Runs on committed data in two real transactions (the test's own transaction can't be seen
    by another cursor), removed again at the end.
    """

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            test = env["qms.test"].create({"name": "Concurrency visual check"})
            point = env["qms.control.point"].create(
                {
                    "name": "Concurrency point",
                    "picking_type_ids": [(6, 0, env.ref("stock.picking_type_in").ids)],
                    "test_ids": [(6, 0, test.ids)],
                    "active": False,
                }
            )
            product = env["product.product"].create({"name": "Concurrency part"})
            inspection = env["qms.inspection"]._qms_create(
                [
                    env["qms.inspection"]._qms_prepare_inspection(
                        point,
                        InspectionCandidate(
                            product=product,
                            lot=env["stock.lot"],
                            lot_name=False,
                            qty=1.0,
                            move=env["stock.move"],
                            production=env["mrp.production"],
                            picking_type=point.picking_type_ids,
                            partner=env["res.partner"],
                            company=env.company,
                        ),
                    )
                ]
            )
            inspection.line_ids.answer = "fail"
            self.ids = {"test": test.id, "point": point.id, "product": product.id}
            self.inspection_id = inspection.id
        self.addCleanup(self._remove_committed_data)

    def _remove_committed_data(self):
        with self.registry.cursor() as cr:
            with actions_writing():
                env = api.Environment(cr, SUPERUSER_ID, {})
                inspection = env["qms.inspection"].browse(self.inspection_id)
                # Modules reacting to the rejection (quality_capa's automation rule opens a
                # nonconformity) committed their records too: they go with the inspection.
                if "qms.nonconformity" in env:
                    cr.execute(
                        "DELETE FROM qms_nonconformity WHERE inspection_id = %s", [inspection.id]
                    )
                env["mail.message"].search(
                    [("model", "=", "qms.inspection"), ("res_id", "=", inspection.id)]
                ).unlink()
                inspection.unlink()
                env["qms.control.point"].browse(self.ids["point"]).unlink()
                env["qms.test"].browse(self.ids["test"]).unlink()
                env["product.product"].browse(self.ids["product"]).product_tmpl_id.unlink()

    def test_two_decisions_at_once_leave_one(self):
        outcome = {}

        def second_inspector():
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                try:
                    env["qms.inspection"].browse(self.inspection_id).action_done()
                except psycopg2.errors.SerializationFailure:
                    outcome["second"] = "serialization failure"
                    cr.rollback()
                else:
                    outcome["second"] = "decided"
                    return
                # Odoo's RPC layer retries such a transaction: the retry finds it decided.
                try:
                    env["qms.inspection"].browse(self.inspection_id).action_done()
                except UserError as error:
                    outcome["retry"] = str(error)

        with self.registry.cursor() as cr_first:
            env = api.Environment(cr_first, SUPERUSER_ID, {})
            env["qms.inspection"].browse(self.inspection_id).action_done()
            thread = threading.Thread(target=second_inspector)
            thread.start()
            # Let the second decision reach the inspection's lock before the first commits.
            with self.registry.cursor() as cr_watch:
                for _attempt in range(100):
                    cr_watch.execute(
                        "SELECT count(*) FROM pg_stat_activity "
                        "WHERE wait_event_type = 'Lock' AND datname = current_database()"
                    )
                    if cr_watch.fetchone()[0]:
                        break
                    time.sleep(0.05)
                    cr_watch.rollback()
            cr_first.commit()
        thread.join(30)
        self.assertEqual(outcome.get("second"), "serialization failure")
        self.assertRegex(outcome.get("retry", ""), "already decided")
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT state, decision FROM qms_inspection WHERE id = %s", [self.inspection_id]
            )
            self.assertEqual(cr.fetchall(), [("done", "reject")])
            cr.execute(
                """
                SELECT count(*) FROM mail_tracking_value t
                  JOIN mail_message m ON m.id = t.mail_message_id
                  JOIN ir_model_fields f ON f.id = t.field_id
                 WHERE m.model = 'qms.inspection' AND m.res_id = %s AND f.name = 'decision'
                """,
                [self.inspection_id],
            )
            self.assertEqual(cr.fetchone()[0], 1, "one decision in the history")


@tagged("post_install", "-at_install")
class TestRefusalsOverXmlRpc(HttpCase, QmsIntegrityCommon):
    """What a script sends over XML-RPC, forged context included, meets the same guards."""

    def test_a_script_cannot_rewrite_a_decision_or_a_hold(self):
        inspection = self._rejected()
        lot = inspection.lot_id
        forged = {"context": {"qms_actions_writing": True, "default_decision": "accept"}}
        with self.assertRaisesRegex(xmlrpc.client.Fault, "already decided"):
            self._xmlrpc(
                self.inspector,
                "qms.inspection",
                "write",
                inspection.ids,
                {"decision": "accept"},
                **forged,
            )
        with self.assertRaisesRegex(xmlrpc.client.Fault, "can't be deleted"):
            self._xmlrpc(self.manager, "qms.inspection", "unlink", inspection.ids)
        with self.assertRaisesRegex(xmlrpc.client.Fault, "can't be written directly"):
            self._xmlrpc(self.stock_user, "stock.lot", "write", lot.ids, {"qms_state": "released"})
        with self.assertRaisesRegex(xmlrpc.client.Fault, "non-empty text"):
            self._xmlrpc(self.manager, "stock.lot", "action_qms_release", lot.ids, "   ")
        inspection.invalidate_recordset()
        lot.invalidate_recordset()
        self.assertEqual((inspection.state, inspection.decision), ("done", "reject"))
        self.assertEqual(lot.qms_state, "blocked")
        self.assertIs(
            self._xmlrpc(
                self.manager,
                "stock.lot",
                "action_qms_release",
                lot.ids,
                "Sorted by hand",
                password=self._pw(self.manager),
            ),
            True,
        )
        lot.invalidate_recordset()
        self.assertEqual(lot.qms_state, "released")
