# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import Form, tagged

from .common import QmsCommon

COA_DELIVERY = "quality_core.action_report_qms_coa"
COA_LOT = "quality_core.action_report_qms_coa_lot"


@tagged("post_install", "-at_install")
class TestCertificateOfAnalysis(QmsCommon):
    """Certificates of Analysis of deliveries and lots, sent to the customers who ask for them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._control_point(cls.type_in)
        # Outgoing inspection of the washers only: their certificate is the delivery's own.
        cls._control_point(
            cls.type_out,
            timing="before",
            product_ids=[(6, 0, cls.product_plain.ids)],
            test_ids=[(6, 0, cls.test_visual.ids)],
        )
        receipt = cls._receipt(
            [(cls.product_lot, {"COA-GOOD": 10, "COA-SCRATCHED": 5}), (cls.product_plain, 8)]
        )
        inspections = receipt.qms_inspection_ids
        cls.good = inspections.filtered(lambda i: i.lot_id.name == "COA-GOOD")
        cls.scratched = inspections.filtered(lambda i: i.lot_id.name == "COA-SCRATCHED")
        cls._decide(cls.good, cls.inspector, value=10.047)
        cls._decide(cls.scratched, cls.inspector, value=10.32)
        cls.scratched.with_user(cls.manager).action_concession(
            "Customer accepts 10.32 mm for this batch", password=cls._pw(cls.manager)
        )
        cls._decide(inspections.filtered(lambda i: not i.lot_id), cls.inspector)
        cls.lot_good, cls.lot_scratched = cls.good.lot_id, cls.scratched.lot_id
        cls.buyer = cls.env["res.partner"].create(
            {"name": "QMS Pharma Buyer", "is_company": True, "qms_coa_required": True}
        )
        cls.buyer_contact = cls.env["res.partner"].create(
            {"name": "QMS Goods Reception", "parent_id": cls.buyer.id, "type": "delivery"}
        )

    def _deliver(self, customer, lots, washers=0):
        """Validate a delivery of ``lots`` ({lot: qty}) and ``washers`` to ``customer``, its
        outgoing inspection of the washers decided first."""
        lines = [(self.product_lot, lots)] if lots else []
        if washers:
            lines.append((self.product_plain, washers))
        delivery = self._delivery(lines, customer)
        delivery.action_assign()
        if delivery.qms_inspection_ids:
            self._decide(delivery.qms_inspection_ids, self.inspector)
        self.assertIs(delivery.button_validate(), True)
        self.assertEqual(delivery.state, "done")
        return delivery

    def _render(self, report, records):
        html, _type = self.env["ir.actions.report"]._render_qweb_html(report, records.ids)
        return html.decode()

    def _coa_messages(self, delivery):
        return delivery.message_ids.filtered(lambda m: m.attachment_ids)

    def test_delivery_certificate_lists_each_lot_its_tests_decision_and_inspector(self):
        delivery = self._deliver(
            self.buyer_contact, {self.lot_good: 6, self.lot_scratched: 5}, washers=3
        )
        html = self._render(COA_DELIVERY, delivery)
        self.assertEqual(html.count('class="o_qms_coa_section'), 3, "two lots, one untracked move")
        for text in (
            "Certificate of Analysis",
            "QMS Pharma Buyer",
            delivery.name,
            "COA-GOOD",
            "COA-SCRATCHED",
            self.good.name,
            self.scratched.name,
            "Diameter",
            "Visual check",
            "10.047",
            "10.320",
            "9.900",
            "10.100",
            "Accepted under concession",
            "Customer accepts 10.32 mm for this batch",
            self.inspector.name,
            self.manager.name,
            "Approval",
        ):
            self.assertIn(text, html)
        self.assertIn(">Fail<", html.replace(" ", "").replace("\n", ""))
        # The washers are certified by the inspection of this delivery's move.
        washer_inspection = delivery.qms_inspection_ids
        self.assertEqual(washer_inspection.product_id, self.product_plain)
        self.assertIn(washer_inspection.name, html)
        self.assertIn("QMS Washer", html)

    def test_lot_certificate_shows_its_own_inspections_only(self):
        html = self._render(COA_LOT, self.lot_good)
        self.assertIn(self.good.name, html)
        self.assertIn("10.047", html)
        self.assertIn(self.inspector.name, html)
        self.assertIn("Accepted", html)
        self.assertNotIn(self.scratched.name, html)
        self.assertNotIn("concession", html)

        html = self._render(COA_LOT, self.lot_scratched)
        self.assertIn("Accepted under concession", html)
        self.assertIn("Customer accepts 10.32 mm for this batch", html)
        self.assertIn(self.manager.name, html)

    def test_a_lot_without_decided_inspection_says_so(self):
        lot = self._lot(self.product_lot, "COA-NEVER-INSPECTED", qty=4)
        html = self._render(COA_LOT, lot)
        self.assertIn("COA-NEVER-INSPECTED", html)
        self.assertIn("No decided inspection is recorded for this lot", html)
        # An inspection still to do certifies nothing either.
        pending = self._receipt([(self.product_lot, {"COA-PENDING": 2})]).qms_inspection_ids
        self.assertEqual(pending.state, "todo")
        html = self._render(COA_LOT, pending.lot_id)
        self.assertIn("No decided inspection is recorded for this lot", html)
        self.assertNotIn(pending.name, html)

    def test_a_customer_who_asks_gets_the_certificate_with_the_delivery(self):
        delivery = self._deliver(self.buyer_contact, {self.lot_good: 2})
        message = self._coa_messages(delivery)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.partner_ids, self.buyer, "sent to the commercial partner")
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertEqual(message.message_type, "comment")
        attachment = message.attachment_ids
        self.assertEqual(
            attachment.name, "Certificate of Analysis - %s.pdf" % (delivery.name.replace("/", "-"))
        )
        self.assertEqual((attachment.res_model, attachment.res_id), ("stock.picking", delivery.id))
        # Tests render PDFs as HTML: the attachment holds the certificate of this delivery.
        self.assertIn(self.good.name, attachment.raw.decode())

    def test_a_customer_who_does_not_ask_gets_nothing(self):
        delivery = self._deliver(self.customer, {self.lot_good: 2})
        self.assertFalse(self._coa_messages(delivery))
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "stock.picking"), ("res_id", "=", delivery.id)]
            )
        )

    def test_the_flag_is_set_on_the_company_and_its_contacts_follow(self):
        self.assertTrue(self.buyer_contact.qms_coa_required)
        with Form(self.buyer) as buyer:
            buyer.qms_coa_required = False
        self.assertFalse(self.buyer_contact.qms_coa_required)
