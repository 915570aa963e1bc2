# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import QmsCommon


class GaugeCommon(QmsCommon):
    """Gauges of the calibration category and their calibrations."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calibration_category = cls.env.ref("quality_core.maintenance_equipment_category_qms")
        cls.stage_new = cls.env["maintenance.stage"].search([("done", "=", False)], limit=1)
        cls.stage_done = cls.env["maintenance.stage"].search([("done", "=", True)], limit=1)
        cls.today = fields.Date.context_today(cls.env["maintenance.equipment"])

    @classmethod
    def _gauge(cls, name, calibrated_days_ago=None, result="pass"):
        gauge = cls.env["maintenance.equipment"].create(
            {"name": name, "category_id": cls.calibration_category.id}
        )
        if calibrated_days_ago is not None:
            cls._calibrate(gauge, result, calibrated_days_ago)
        return gauge

    @classmethod
    def _calibrate(cls, gauge, result, days_ago=0):
        """A preventive request on ``gauge`` closed with ``result``, dated ``days_ago``."""
        request = cls.env["maintenance.request"].create(
            {
                "name": "Calibration of %s" % gauge.name,
                "equipment_id": gauge.id,
                "maintenance_type": "preventive",
                "stage_id": cls.stage_new.id,
            }
        )
        request.write(
            {
                "qms_as_found": result,
                "qms_calibration_result": result,
                "stage_id": cls.stage_done.id,
            }
        )
        request.close_date = cls.today - timedelta(days=days_ago)
        return request

    def _inspection(self, lot_name):
        return self.env["qms.inspection"].search([("lot_id.name", "=", lot_name)])

    @staticmethod
    def _measure_line(inspection):
        return inspection.line_ids.filtered(lambda line: line.test_type == "measure")


@tagged("post_install", "-at_install")
class TestGauges(GaugeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._control_point(cls.type_in)

    def test_calibration_state_follows_the_last_calibration_and_the_date(self):
        Equipment = self.env["maintenance.equipment"]
        gauge = self._gauge("Caliper 1")
        self.assertEqual(gauge.qms_calibration_state, "due", "never calibrated")
        self.assertFalse(gauge.qms_calibration_due)
        request = self._calibrate(gauge, "pass", days_ago=10)
        self.assertEqual(gauge.qms_last_calibration_request_id, request)
        self.assertEqual(gauge.qms_last_calibration, self.today - timedelta(days=10))
        self.assertEqual(gauge.qms_calibration_due, self.today + timedelta(days=355))
        self.assertEqual(gauge.qms_calibration_state, "valid")
        self.assertIn(gauge, Equipment.search([("qms_calibration_state", "=", "valid")]))
        # Due the day after the due date, not on it.
        request.close_date = self.today - timedelta(days=365)
        self.assertEqual(gauge.qms_calibration_due, self.today)
        self.assertEqual(gauge.qms_calibration_state, "valid")
        request.close_date = self.today - timedelta(days=366)
        self.assertEqual(gauge.qms_calibration_state, "due")
        self.assertIn(gauge, Equipment.search([("qms_calibration_state", "=", "due")]))
        self.assertNotIn(gauge, Equipment.search([("qms_calibration_state", "=", "valid")]))
        gauge.qms_calibration_interval_days = 400
        self.assertEqual(gauge.qms_calibration_state, "valid")
        self._calibrate(gauge, "fail")
        self.assertEqual(gauge.qms_calibration_state, "failed")
        self.assertEqual(
            Equipment.search([("id", "=", gauge.id), ("qms_calibration_state", "!=", "valid")]),
            gauge,
        )
        self.assertFalse(
            Equipment.search([("id", "=", gauge.id), ("qms_calibration_state", "in", ["valid"])])
        )

    def test_closing_a_calibration_requires_its_result(self):
        gauge = self._gauge("Micrometer 1")
        request = self.env["maintenance.request"].create(
            {
                "name": "Yearly calibration",
                "equipment_id": gauge.id,
                "maintenance_type": "preventive",
                "stage_id": self.stage_new.id,
            }
        )
        self.assertTrue(request.qms_is_calibration)
        with self.assertRefused(UserError, "Yearly calibration: record the calibration result"):
            request.stage_id = self.stage_done
        self.assertEqual(request.stage_id, self.stage_new)
        self.assertEqual(gauge.qms_calibration_state, "due")
        # A corrective request on a gauge (a repair) is not a calibration.
        repair = self.env["maintenance.request"].create(
            {"name": "Repair", "equipment_id": gauge.id, "maintenance_type": "corrective"}
        )
        repair.stage_id = self.stage_done
        self.assertEqual(gauge.qms_calibration_state, "due")

    def test_only_managers_record_a_calibration(self):
        gauge = self._gauge("Micrometer 2")
        request = self.env["maintenance.request"].create(
            {
                "name": "Calibration by an inspector",
                "equipment_id": gauge.id,
                "maintenance_type": "preventive",
                "stage_id": self.stage_new.id,
            }
        )
        with self.assertRefused(AccessError, "Only a Quality Manager or an Equipment Manager"):
            request.with_user(self.inspector).write(
                {"qms_calibration_result": "pass", "stage_id": self.stage_done.id}
            )
        self.assertEqual(gauge.qms_calibration_state, "due")

    def test_an_overdue_or_failed_gauge_is_refused_on_an_inspection_line(self):
        self._receipt([(self.product_lot, {"LOT-G1": 5})])
        line = self._measure_line(self._inspection("LOT-G1")).with_user(self.inspector)
        overdue = self._gauge("Caliper overdue", calibrated_days_ago=400)
        due_date = fields.Date.to_string(self.today - timedelta(days=35))
        with self.assertRefused(
            ValidationError,
            r"gauge Caliper overdue can't be used, its calibration is Due "
            r"\(due date: %s\)" % due_date,
        ):
            line.equipment_id = overdue
        failed = self._gauge("Caliper failed", calibrated_days_ago=3, result="fail")
        with self.assertRefused(
            ValidationError, "gauge Caliper failed can't be used, its calibration is Failed"
        ):
            line.write({"equipment_id": failed.id, "value": 10.0})
        never = self._gauge("Caliper new")
        with self.assertRefused(ValidationError, r"Caliper new .*never calibrated"):
            line.equipment_id = never
        other = self.env["maintenance.equipment"].create({"name": "Forklift"})
        with self.assertRefused(ValidationError, "Forklift is not measuring equipment"):
            line.equipment_id = other
        self.assertFalse(line.equipment_id)
        valid = self._gauge("Caliper valid", calibrated_days_ago=1)
        line.equipment_id = valid
        self.assertEqual(line.equipment_id, valid)

    def test_a_gauge_failed_since_it_was_recorded_is_refused_at_the_decision(self):
        self._receipt([(self.product_lot, {"LOT-G2": 5})])
        inspection = self._inspection("LOT-G2")
        gauge = self._gauge("Height gauge", calibrated_days_ago=1)
        self._measure_line(inspection).with_user(self.inspector).equipment_id = gauge
        self._calibrate(gauge, "fail")
        with self.assertRefused(ValidationError, "gauge Height gauge can't be used.*Failed"):
            self._decide(inspection, self.inspector)
        self.assertEqual(inspection.state, "todo")

    def test_a_failed_calibration_traces_the_inspections_since_the_last_good_one(self):
        gauge = self._gauge("Bore gauge", calibrated_days_ago=30)
        # Inspected before the last passed calibration: not in doubt.
        self._receipt([(self.product_lot, {"LOT-OLD": 5})])
        old = self._inspection("LOT-OLD")
        self._measure_line(old).with_user(self.inspector).equipment_id = gauge
        self._decide(old, self.inspector)
        old._qms_write({"date_done": fields.Datetime.now() - timedelta(days=20)})
        self._calibrate(gauge, "pass", days_ago=10)
        # Inspected with the gauge since: two accepted, one rejected; one without the gauge.
        self._receipt([(self.product_lot, {"LOT-B": 5, "LOT-C": 5, "LOT-D": 5, "LOT-E": 5})])
        for name in ("LOT-B", "LOT-C", "LOT-D"):
            line = self._measure_line(self._inspection(name)).with_user(self.inspector)
            line.equipment_id = gauge
        for name in ("LOT-B", "LOT-C", "LOT-E"):
            self._decide(self._inspection(name), self.inspector)
        self._decide(self._inspection("LOT-D"), self.inspector, value=20.0)
        inspections = {name: self._inspection("LOT-" + name) for name in ("B", "C", "D", "E")}
        lots = {name: inspection.lot_id for name, inspection in inspections.items()}
        self.assertEqual(lots["B"].qms_state, "released")
        self.assertEqual(lots["D"].qms_state, "blocked")
        self.assertEqual(gauge.qms_suspect_inspection_count, 0, "no calibration failed yet")

        self._calibrate(gauge, "fail")
        self.assertEqual(gauge.qms_calibration_state, "failed")
        suspect = inspections["B"] | inspections["C"] | inspections["D"]
        self.assertEqual(gauge._qms_suspect_inspections(), suspect)
        self.assertEqual(gauge.qms_suspect_inspection_count, 3)
        self.assertEqual(gauge._qms_suspect_released_lots(), lots["B"] | lots["C"])
        action = gauge.action_qms_view_suspect_inspections()
        self.assertEqual(
            self.env["qms.inspection"].search(action["domain"]), suspect, "the smart button"
        )
        message = gauge.message_ids[0]
        self.assertIn("Calibration of Bore gauge failed", message.body)
        self.assertIn(lots["B"].name, message.body)
        self.assertNotIn(lots["D"].name, message.body.split("Lots they released")[1])
        activity = gauge.activity_ids.filtered(lambda a: a.user_id == self.manager)
        self.assertEqual(len(activity), 1, "the quality team is asked to review")

        with self.assertRefused(AccessError, "Only a Quality Manager can hold the lots"):
            gauge.with_user(self.inspector).action_qms_hold_suspect_lots("Gauge out of tolerance")
        with self.assertRefused(UserError, "Give the reason"):
            gauge.with_user(self.manager).action_qms_hold_suspect_lots("  ")
        self.assertEqual(lots["B"].qms_state, "released")
        held = gauge.with_user(self.manager).action_qms_hold_suspect_lots("Gauge read 0.05 high")
        self.assertEqual(sorted(held), sorted((lots["B"] | lots["C"]).ids))
        for name in ("B", "C"):
            self.assertEqual(lots[name].qms_state, "blocked")
            self.assertTrue(lots[name].qms_hold_manual)
            self.assertIn("Gauge read 0.05 high", lots[name].qms_hold_reason)
        self.assertEqual(lots["E"].qms_state, "released", "not measured with the gauge")
        self.assertEqual(old.lot_id.qms_state, "released", "measured before the good calibration")
        self.assertIn(lots["C"].name, gauge.message_ids[0].body)
        with self.assertRefused(UserError, "no lot released by a suspect inspection"):
            gauge.with_user(self.manager).action_qms_hold_suspect_lots("Again")

    def test_the_hold_goes_through_the_reason_wizard(self):
        gauge = self._gauge("Depth gauge", calibrated_days_ago=5)
        self._receipt([(self.product_lot, {"LOT-W": 5})])
        inspection = self._inspection("LOT-W")
        self._measure_line(inspection).with_user(self.inspector).equipment_id = gauge
        self._decide(inspection, self.inspector)
        self._calibrate(gauge, "fail")
        action = gauge.with_user(self.manager).action_qms_open_hold_suspect_wizard()
        wizard = (
            self.env["qms.reason.wizard"]
            .with_user(self.manager)
            .with_context(**action["context"])
            .create({"reason": "Out of tolerance"})
        )
        wizard.action_confirm()
        self.assertEqual(inspection.lot_id.qms_state, "blocked")

    def test_inspectors_see_the_gauges_to_choose_from(self):
        valid = self._gauge("Caliper listed", calibrated_days_ago=1)
        overdue = self._gauge("Caliper not listed", calibrated_days_ago=400)
        reader = new_test_user(
            self.env, login="qms_gauge_reader", groups="quality_core.group_qms_user"
        )
        found = (
            self.env["maintenance.equipment"]
            .with_user(reader)
            .search([("qms_is_gauge", "=", True), ("qms_calibration_state", "=", "valid")])
        )
        self.assertIn(valid, found)
        self.assertNotIn(overdue, found)
