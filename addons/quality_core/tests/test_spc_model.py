# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from ..tools import spc
from .common import SpcCommon, second_company_manager

# Montgomery, Introduction to Statistical Quality Control, example 6.1 (piston rings): the
# first 5 samples of 5 inside diameters, in mm.
PISTON_RINGS = [
    [74.030, 74.002, 74.019, 73.992, 74.008],
    [73.995, 73.992, 74.001, 74.011, 74.004],
    [73.988, 74.024, 74.021, 74.005, 74.002],
    [74.002, 73.996, 73.993, 74.015, 74.009],
    [73.992, 74.007, 74.015, 73.989, 74.014],
]


@tagged("post_install", "-at_install")
class TestSpcModel(SpcCommon):
    def _inspection(self, values, decide=True):
        return self._spc_inspection(values, decide=decide)

    def test_values_per_unit_make_the_line_and_the_defects(self):
        inspection = self._inspection([74.01, 74.06, 73.94, 74.0], decide=False)
        line = inspection.line_ids
        self.assertEqual(line.measure_ids.mapped("sequence"), [1, 2, 3, 4])
        self.assertEqual(line.value, 74.003, "the mean 74.0025, to the precision of measures")
        self.assertTrue(line.is_measured)
        self.assertEqual(line.result, "fail")
        self.assertEqual(line.failed_unit_count, 2)
        self.assertEqual(inspection.defect_count, 2, "each unit out of tolerance is defective")
        Measure = self.env["qms.inspection.measure"].with_user(self.inspector)
        with self.assertRefused(ValidationError, "unit 6 is not in the sample of 5 units"):
            Measure.create({"line_id": line.id, "sequence": 6, "value": 74.0})
        with self.assertRefused(UserError, "the mean of the values per unit"):
            line.with_user(self.inspector).value = 74.0
        with self.assertRefused(UserError, "can't be given"):
            Measure.create({"line_id": line.id, "value": 74.0, "inspection_id": 1})
        other = self._inspection([74.0], decide=False)
        with self.assertRefused(UserError, "Only the unit, value"):
            line.measure_ids[0].with_user(self.inspector).line_id = other.line_ids
        with self.assertRefused(ValidationError, "not a measurable value"):
            line.measure_ids[0].with_user(self.inspector).write({"value": float("nan")})
        line.measure_ids[1:3].with_user(self.inspector).write({"value": 74.0})
        self.assertEqual(line.result, "pass")
        inspection.with_user(self.inspector).defect_count = 0
        inspection.with_user(self.inspector).action_done()
        self.assertEqual(inspection.decision, "accept")
        with self.assertRefused(UserError, "already decided"):
            line.measure_ids[0].with_user(self.inspector).value = 80.0
        with self.assertRefused(UserError, "already decided"):
            line.measure_ids[0].with_user(self.inspector).unlink()
        with self.assertRefused(UserError, "already decided"):
            Measure.create({"line_id": line.id, "value": 74.0})

    def test_another_companys_inspector_cannot_touch_the_values(self):
        inspection = self._inspection([74.0, 74.01], decide=False)
        company_b, _manager = second_company_manager(self.env, "QMS Company B", "qms_mgr_b")
        inspector_b = new_test_user(
            self.env,
            login="qms_inspector_b",
            groups="stock.group_stock_user,quality_core.group_qms_user",
            company_id=company_b.id,
            company_ids=[(6, 0, company_b.ids)],
        )
        measure = inspection.line_ids.measure_ids[0]
        # Odoo's own access error, which names no record of the other company.
        refused = r"doesn't have '\w+' access"
        with self.assertRefused(AccessError, refused):
            measure.with_user(inspector_b).write({"value": 80.0})
        with self.assertRefused(AccessError, refused):
            measure.with_user(inspector_b).unlink()
        with self.assertRefused(AccessError, refused):
            self.env["qms.inspection.measure"].with_user(inspector_b).create(
                {"line_id": inspection.line_ids.id, "value": 80.0}
            )
        self.assertEqual(inspection.line_ids.measure_ids.mapped("value"), [74.0, 74.01])

    def test_xbar_r_data_are_the_units_of_each_inspection(self):
        inspections = [self._inspection(sample) for sample in PISTON_RINGS]
        data = self.ring.qms_spc_data(self.product_plain.id, "xbar_r", 100)
        expected = spc.analyse("xbar_r", PISTON_RINGS, lsl=73.95, usl=74.05)
        self.assertEqual([p["inspection_id"] for p in data["points"]], [i.id for i in inspections])
        self.assertAlmostEqual(data["center"], expected.limits.center, places=9)
        self.assertAlmostEqual(data["ucl"], expected.limits.ucl, places=9)
        self.assertAlmostEqual(data["companion"]["ucl"], expected.limits.range_ucl, places=9)
        self.assertAlmostEqual(data["cpk"], expected.capability.cpk, places=9)
        self.assertEqual((data["lsl"], data["usl"]), (73.95, 74.05))
        # The same values one by one on an I-MR chart, and only the last 10.
        imr = self.ring.qms_spc_data(self.product_plain.id, "imr", 10)
        values = [value for sample in PISTON_RINGS for value in sample][-10:]
        self.assertEqual([p["value"] for p in imr["points"]], values)
        self.assertAlmostEqual(imr["ucl"], spc.compute_limits("imr", values).ucl, places=9)

    def test_attribute_chart_reads_defectives_and_sample_sizes(self):
        for defects in (0, 1, 0, 2):
            inspection = self._inspection([74.0] * (5 - defects) + [74.1] * defects)
            self.assertEqual(inspection.defect_count, defects)
        data = self.ring.qms_spc_data(self.product_plain.id, "p")
        self.assertEqual([p["value"] for p in data["points"]], [0.0, 0.2, 0.0, 0.4])
        self.assertAlmostEqual(data["center"], 3 / 20)

    def test_frozen_limits_flag_a_new_point_out_of_control(self):
        self.ring.write({"spc_enabled": True, "spc_chart": "imr", "spc_user_id": self.manager.id})
        for value in [74.0, 74.002, 73.998, 74.001, 73.999, 74.003, 73.997, 74.0]:
            self._inspection([value])
        with self.assertRefused(AccessError, "Only a Quality Manager can freeze control limits"):
            self.ring.with_user(self.inspector).action_qms_spc_freeze(
                self.product_plain.id, "imr", "phase I"
            )
        with self.assertRefused(UserError, "reason"):
            self.ring.with_user(self.manager).action_qms_spc_freeze(
                self.product_plain.id, "imr", ""
            )
        self.ring.with_user(self.manager).action_qms_spc_freeze(
            self.product_plain.id, "imr", "Phase I after the new tooling"
        )
        limit = self.ring.spc_limit_ids
        self.assertEqual(limit.point_count, 8)
        self.assertIn("frozen from 8 points", self.ring.message_ids[0].body)
        inside = self._inspection([74.004])
        self.assertFalse(inside.line_ids.spc_flag)
        outside = self._inspection([74.03])
        self.assertEqual(outside.decision, "accept", "in tolerance, but out of control")
        line = outside.line_ids
        self.assertTrue(line.spc_flag)
        self.assertEqual(line.spc_violation, "N1")
        self.assertIn("out of statistical control", outside.message_ids[0].body)
        self.assertIn("N1", outside.message_ids[0].body)
        activity = outside.activity_ids
        self.assertEqual(activity.user_id, self.manager)
        self.assertIn("Ring inside diameter", activity.summary)
        data = self.ring.qms_spc_data(self.product_plain.id)
        self.assertTrue(data["frozen"])
        self.assertAlmostEqual(data["ucl"], limit.ucl)
        self.assertEqual(data["points"][-1]["violations"], ["N1"])
        # Freezing again archives the limits it replaces.
        self.ring.with_user(self.manager).action_qms_spc_freeze(
            self.product_plain.id, "imr", "Recomputed with the new gauge"
        )
        self.assertFalse(limit.active)
        self.assertEqual(len(self.ring.with_context(active_test=False).spc_limit_ids), 2)

    def test_bad_chart_settings_are_refused(self):
        with self.assertRefused(ValidationError, "a subgroup of 11 units is outside 2–10"):
            self.ring.write({"spc_chart": "xbar_r", "spc_subgroup_size": 11})
        self.ring.write({"spc_chart": "xbar_s", "spc_subgroup_size": 11})
        with self.assertRefused(ValidationError, "outside 2–25"):
            self.ring.spc_subgroup_size = 26
        with self.assertRefused(ValidationError, "unknown run rules N9"):
            self.ring.spc_rules = "N1,N9"
        with self.assertRefused(UserError, "Unknown chart 'pie'"):
            self.ring.qms_spc_data(self.product_plain.id, "pie")
        with self.assertRefused(ValidationError, "pass/fail test: chart it with a p"):
            self.test_visual.write({"spc_enabled": True, "spc_chart": "imr"})


@tagged("post_install", "-at_install")
class TestSpcDataOverXmlRpc(HttpCase, TestSpcModel):
    """An external script reads a chart: XML-RPC carries no None, so nothing may be None."""

    def test_chart_data_arrives_over_xmlrpc(self):
        for sample in PISTON_RINGS:
            self._inspection(sample)
        self.env.flush_all()
        data = self._xmlrpc(self.inspector, "qms.test", "qms_spc_data", [self.ring.id],
                            self.product_plain.id, "imr", 25)  # fmt: skip
        self.assertEqual(len(data["points"]), 25)
        self.assertIs(data["companion"]["points"][0], False, "no moving range before point 2")
        self.assertAlmostEqual(
            data["ucl"], self.ring._qms_spc_data(self.product_plain.id, "imr", 25)["ucl"]
        )
        self.assertIs(data["subgroup_size"], False)
