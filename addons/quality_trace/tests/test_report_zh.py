# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest import skipUnless

from odoo.tests import tagged

from odoo.addons.quality_core.tests.common import CAN_PRINT_PDF, ChinesePdfCase

from .common import TraceCommon


@tagged("post_install", "-at_install")
@skipUnless(CAN_PRINT_PDF, "wkhtmltopdf is not installed")
class TestChineseRecallReport(TraceCommon, ChinesePdfCase):
    def test_recall_report(self):
        bar = self._lot(self.steel, "BAR-ZH", 10)
        shaft = self._manufacture(self.bom_shaft, "S-ZH", consume={self.steel: [(bar, 2)]})
        self.env["stock.quant"]._update_available_quantity(self.screw, self.stock, 4)
        gearbox = self._manufacture(
            self.bom_gearbox, "G-ZH", consume={self.shaft: [(shaft.lot_producing_id, 1)]}
        )
        delivery = self._deliver(gearbox.lot_producing_id, 1)
        recall = self.env["qms.recall"].create({"lot_ids": bar.ids})
        recall.action_compute()
        recall.action_quarantine()
        self.assertChinesePdf(
            "quality_trace.action_report_qms_recall",
            recall,
            ["召回", "可疑批次", "已计算", "在库", recall.name, "G-ZH", delivery.name],
            dates=[recall.date_computed, recall.date_quarantined],
        )
