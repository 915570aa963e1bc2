# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest import skipUnless

from odoo import fields
from odoo.tests import tagged

from odoo.addons.quality_core.tests.common import CAN_PRINT_PDF, ChinesePdfCase

from .test_capa import CapaCommon


@tagged("post_install", "-at_install")
@skipUnless(CAN_PRINT_PDF, "wkhtmltopdf is not installed")
class TestChinese8dReport(CapaCommon, ChinesePdfCase):
    def test_8d_report(self):
        capa = self._to(self._capa(date_deadline=fields.Date.today()), "d5")
        self.assertChinesePdf(
            "quality_capa.action_report_qms_capa_8d",
            capa,
            ["8D 报告", "D3 遏制措施", "D4 根本原因", "截止日期", capa.name, "Sort the stock"],
            dates=[capa.date_deadline],
        )
