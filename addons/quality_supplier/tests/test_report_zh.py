# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest import skipUnless

from odoo.tests import tagged

from odoo.addons.quality_core.tests.common import CAN_PRINT_PDF, ChinesePdfCase

from .common import SupplierCommon


@tagged("post_install", "-at_install")
@skipUnless(CAN_PRINT_PDF, "wkhtmltopdf is not installed")
class TestChineseInspectionReport(SupplierCommon, ChinesePdfCase):
    def test_inspection_report_of_a_purchase(self):
        order = self._purchase([(self.product_lot, 10)])
        receipt = self._receive(order, {self.product_lot: {"ZH-PO-LOT": 10}})
        receipt.qms_inspection_ids.lot_id.qms_vendor_lot = "V-ZH-7"
        inspection = self._decide(receipt.qms_inspection_ids, self.inspector)
        self.assertChinesePdf(
            "quality_core.action_report_qms_inspection",
            inspection,
            ["检验", "采购订单", "供应商批次", order.name, "V-ZH-7"],
            dates=[inspection.date_done],
        )
