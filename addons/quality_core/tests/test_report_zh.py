# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest import skipUnless

from odoo import fields
from odoo.tests import tagged

from .common import CAN_PRINT_PDF, CHINESE, ChinesePdfCase, SpcCommon, audit_pack_files
from .test_gauges import GaugeCommon
from .test_msa import AIAG


@tagged("post_install", "-at_install")
@skipUnless(CAN_PRINT_PDF, "wkhtmltopdf is not installed")
class TestChineseReports(ChinesePdfCase, SpcCommon, GaugeCommon):
    """Each PDF of quality_core printed for a Chinese user: its labels in Chinese, its dates in
    the zh_CN format, its glyphs in an embedded Simplified Chinese font."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.spc_point.product_ids = cls.product_plain
        cls._control_point(cls.type_in, product_ids=[(6, 0, cls.product_lot.ids)])
        receipt = cls._receipt([(cls.product_lot, {"ZH-LOT-1": 10})])
        cls.inspection = cls._decide(receipt.qms_inspection_ids, cls.inspector, value=10.02)
        cls.lot = cls.inspection.lot_id

    def test_inspection_report(self):
        self.assertChinesePdf(
            "quality_core.action_report_qms_inspection",
            self.inspection,
            ["检验", "样本量", "控制点", self.inspection.name, "ZH-LOT-1"],
            dates=[self.inspection.date_done],
        )

    def test_inspection_report_with_its_electronic_signature(self):
        receipt = self._receipt([(self.product_lot, {"ZH-LOT-2": 5})])
        inspection = self._decide(receipt.qms_inspection_ids, self.inspector, value=10.5)
        inspection.with_user(self.manager).action_concession(
            "Customer accepts 10.5 mm", password=self._pw(self.manager)
        )
        signature = inspection.qms_signature_ids
        self.assertChinesePdf(
            "quality_core.action_report_qms_inspection",
            inspection,
            ["电子签名", "签署人", "日期和时间(UTC)", signature.content_hash[:16]],
            # The time of a signature is printed in UTC.
            dates=[signature.signed_at.date()],
        )

    def test_certificate_of_analysis_of_a_lot(self):
        self.assertChinesePdf(
            "quality_core.action_report_qms_coa_lot",
            self.lot,
            ["分析证书", "签发时间", "使用决定：", "决策日期"],
            dates=[self.inspection.date_done],
        )

    def test_certificate_of_analysis_of_a_delivery_to_a_chinese_customer(self):
        # The delivery's certificate speaks the customer's language.
        self.customer.lang = CHINESE
        delivery = self._delivery([(self.product_lot, {self.lot: 4})])
        delivery.action_assign()
        self.assertIs(delivery.button_validate(), True)
        self.assertChinesePdf(
            "quality_core.action_report_qms_coa",
            delivery,
            ["分析证书", "签发时间", "使用决定：", delivery.name],
            dates=[delivery.date_done, self.inspection.date_done],
        )

    def test_capability_report(self):
        for value in (74.0, 74.002, 73.998, 74.001, 73.999):
            self._spc_inspection([value])
        self.ring.with_user(self.manager).action_qms_spc_freeze(
            self.product_plain.id, "imr", "Phase I"
        )
        freeze_date = self.ring.qms_spc_data(self.product_plain.id)["frozen_date"]
        self.assertChinesePdf(
            "quality_core.action_report_qms_spc",
            self.ring,
            ["过程能力报告", "违反的判异规则"],
            dates=[freeze_date],
            data={"product_id": self.product_plain.id},
        )

    def test_gauge_r_and_r_study(self):
        study = self.env["qms.msa.study"].create(
            {
                "equipment_id": self._gauge("CMM probe", calibrated_days_ago=1).id,
                "test_id": self.test_diameter.id,
            }
        )
        study.action_generate_grid()
        for measurement in study.measurement_ids:
            part, operator, trial = measurement._qms_cell()
            measurement.value = AIAG[part - 1][operator - 1][trial - 1]
        study.action_compute()
        self.assertChinesePdf(
            "quality_core.action_report_qms_msa_study",
            study,
            ["量具重复性与再现性研究", "计算日期", "测量值"],
            dates=[study.date_done],
        )

    def test_audit_pack_index(self):
        today = fields.Date.context_today(self.env["qms.audit.pack"])
        pack = (
            self.env["qms.audit.pack"]
            .with_user(self.manager)
            .with_context(lang=CHINESE)
            .create({"date_from": today.replace(day=1), "date_to": today})
        )
        # Printed here, in the test's thread, where the test server can serve the styles.
        pack.with_context(force_report_rendering=True).action_generate()
        files = audit_pack_files(pack)
        self.assertEqual(list(files)[:2], ["index.pdf", "index.xlsx"])
        self.assertTrue(files["index.pdf"].startswith(b"%PDF"))
        self.assertIn(["已判定的检验", "1"], pack.section_ids.mapped("figures")[4])
        self.assertChinesePdf(
            "quality_core.action_report_qms_audit_pack",
            pack,
            ["审核证据包", "生成人", "要求", "产品和服务的放行", "已判定的检验", "签名链完整"],
            dates=[pack.date_from, pack.date_to],
        )
