# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io

import xlsxwriter

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_gauges import GaugeCommon
from .test_msa import AIAG, AIAG_TRIALS


@tagged("post_install", "-at_install")
class TestMsaStudy(GaugeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gauge = cls._gauge("CMM probe", calibrated_days_ago=1)

    def _study(self, user=None, **vals):
        Study = self.env["qms.msa.study"].with_user(user or self.inspector)
        study = Study.create(
            {"equipment_id": self.gauge.id, "test_id": self.test_diameter.id, **vals}
        )
        study.action_generate_grid()
        return study

    @staticmethod
    def _fill(study, skip=()):
        """Enter the AIAG readings, leaving out the cells in ``skip`` (counted from 1)."""
        for measurement in study.measurement_ids:
            part, operator, trial = measurement._qms_cell()
            if (part, operator, trial) not in skip:
                measurement.value = AIAG[part - 1][operator - 1][trial - 1]

    def test_aiag_example_by_anova(self):
        study = self._study()
        self.assertTrue(study.name.startswith("MSA/"))
        self.assertEqual(study.method, "anova")
        self.assertAlmostEqual(study.tolerance, 0.2, "from the test's tolerances")
        self.assertEqual(len(study.measurement_ids), 90)
        self._fill(study)
        study.action_compute()
        self.assertEqual(study.state, "done")
        self.assertEqual(f"{study.grr_percent:.2f}", "27.86")
        self.assertEqual(f"{study.ev_percent:.2f}", "18.42")
        self.assertEqual(f"{study.av_percent:.2f}", "20.90")
        self.assertEqual(f"{study.pv_percent:.2f}", "96.04")
        self.assertEqual(study.ndc, 4)
        self.assertEqual(study.verdict, "conditional")
        self.assertTrue(study.interaction_pooled)
        self.assertEqual(
            study.anova_line_ids.mapped("source"),
            ["operator", "part", "part_operator", "equipment", "total"],
        )
        self.assertEqual(study.anova_line_ids.mapped("df"), [2, 9, 18, 60, 89])
        self.assertEqual(f"{study.grr_tolerance_percent:.1f}", f"{600 * study.grr / 0.2:.1f}")

    def test_aiag_example_by_average_and_range(self):
        study = self._study(method="average_range", tolerance=0.0)
        self._fill(study)
        study.action_compute()
        self.assertEqual(f"{study.grr_percent:.2f}", "26.68")
        self.assertEqual(f"{study.ev_percent:.2f}", "17.61")
        self.assertEqual(f"{study.av_percent:.2f}", "20.04")
        self.assertEqual(study.ndc, 5)
        self.assertEqual(study.verdict, "conditional")
        self.assertFalse(study.anova_line_ids)
        self.assertFalse(study.grr_tolerance_percent)

    def test_missing_cells_are_named_and_nothing_is_written(self):
        study = self._study()
        self._fill(study, skip={(3, 2, 1), (7, 3, 3)})
        with self.assertRefused(
            UserError,
            r"2 measurements are missing: part 3, operator 2, trial 1; part 7, operator 3, "
            r"trial 3\.",
        ):
            study.action_compute()
        self.assertEqual(study.state, "draft")
        self.assertFalse(study.grr_percent)
        self.assertFalse(study.verdict)
        self.assertFalse(study.anova_line_ids)
        # 0.0 is a reading too.
        cell = study.measurement_ids.filtered(lambda m: m._qms_cell() == (3, 2, 1))
        cell.value = 0.0
        with self.assertRefused(UserError, r"1 measurements are missing: part 7, operator 3"):
            study.action_compute()

    def test_a_done_study_is_read_only_and_managers_delete_drafts(self):
        study = self._study()
        self._fill(study)
        with self.assertRefused(AccessError, "not allowed to delete"):
            study.unlink()
        study.action_compute()
        with self.assertRefused(UserError, "are done: changing them is no longer possible"):
            study.tolerance = 1.0
        with self.assertRefused(UserError, "are done: changing their measurements"):
            study.measurement_ids[0].value = 5.0
        with self.assertRefused(UserError, "are done: deleting them"):
            study.with_user(self.manager).unlink()
        study.action_compute()  # a recomputation reproduces the results
        self.assertEqual(f"{study.grr_percent:.2f}", "27.86")
        draft = self._study()
        with self.assertRefused(UserError, "can't be written directly"):
            draft.with_user(self.manager).grr_percent = 1.0
        with self.assertRefused(UserError, "can't be written directly"):
            draft.measurement_ids[0].is_measured = True
        draft.with_user(self.manager).unlink()
        self.assertFalse(draft.exists())

    def test_import_from_xlsx(self):
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, ["Part", "Operator", "Trial", "Value"])
        row = 1
        for operator, trials in AIAG_TRIALS.items():
            for trial, readings in enumerate(trials, start=1):
                for part, value in enumerate(readings, start=1):
                    sheet.write_row(row, 0, [part, operator, trial, value])
                    row += 1
        workbook.close()
        study = (
            self.env["qms.msa.study"]
            .with_user(self.inspector)
            .create(
                {
                    "equipment_id": self.gauge.id,
                    "part_count": 2,
                    "operator_count": 2,
                    "trial_count": 2,
                }
            )
        )
        action = study.action_open_import_wizard()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.inspector)
            .with_context(**action["context"])
            .create({"file": base64.b64encode(output.getvalue()), "filename": "aiag.xlsx"})
        )
        wizard.action_import()
        self.assertEqual((study.part_count, study.operator_count, study.trial_count), (10, 3, 3))
        self.assertEqual(len(study.measurement_ids), 90)
        study.action_compute()
        self.assertEqual(f"{study.grr_percent:.2f}", "27.86")
        bad = wizard.create({"study_id": self._study().id, "file": base64.b64encode(b"not xlsx")})
        with self.assertRefused(UserError, "is not an .xlsx spreadsheet"):
            bad.action_import()

    def test_report(self):
        study = self._study()
        self._fill(study)
        study.action_compute()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("quality_core.action_report_qms_msa_study", study.ids)[0]
            .decode()
        )
        self.assertIn(study.name, html)
        self.assertIn("27.86", html)
        self.assertIn("Conditional", html)
        self.assertIn("Part × Operator", html)
        self.assertIn("2.260", html, "the grid")
