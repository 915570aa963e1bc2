# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from .common import SpcCommon

PHASE_I = [74.0, 74.002, 73.998, 74.001, 73.999, 74.003, 73.997, 74.0, 74.001, 73.999, 74.002]


@tagged("post_install", "-at_install")
class TestSpcTour(HttpCase, SpcCommon):
    """The control chart screen in a real browser: pick a test and a product, read the chart
    and the run rules broken, open the inspection of a flagged point, freeze the limits."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ring.name = "SPC tour bore"
        cls.shaft = cls.env["product.product"].create(
            {"name": "SPC Tour Shaft", "is_storable": True}
        )
        cls.spacer = cls.env["product.product"].create(
            {"name": "SPC Tour Spacer", "is_storable": True}
        )
        for value in PHASE_I:
            cls._spc_inspection([value], product=cls.shaft)
        cls.ring.with_user(cls.manager).action_qms_spc_freeze(
            cls.shaft.id, "imr", "Phase I after the new tooling"
        )
        cls._spc_inspection([74.001], product=cls.shaft)
        cls.outlier = cls._spc_inspection([74.03], product=cls.shaft)
        for value in (74.0, 74.001):
            cls._spc_inspection([value], product=cls.spacer)

    def test_spc_chart_tour(self):
        self.assertTrue(self.outlier.line_ids.spc_flag)
        self.start_tour(
            "/odoo/action-quality_core.qms_spc_chart_action", "qms_spc_chart_tour", login="admin"
        )
        limits = self.ring.with_context(active_test=False).spc_limit_ids
        self.assertEqual(len(limits), 2, "frozen again from the screen, the first archived")
        self.assertEqual(limits.filtered("active").reason, "Recomputed with the new gauge")
        self.assertEqual(limits.filtered("active").point_count, 13)
