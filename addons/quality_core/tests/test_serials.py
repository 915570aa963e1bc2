# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import QmsCommon


@tagged("post_install", "-at_install")
class TestSerialInspection(QmsCommon):
    """Serial-numbered goods: the units of a move are one inspection lot."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pump = cls.env["product.product"].create(
            {"name": "QMS Pump", "is_storable": True, "tracking": "serial"}
        )
        cls.point = cls._control_point(
            cls.type_in,
            timing="after",
            test_ids=[(6, 0, cls.test_diameter.ids)],
            sampling_method="aql",
            aql_level="II",
            aql_value=2.5,
        )

    def _receive(self, count, prefix="SN"):
        receipt = self._receipt(
            [(self.pump, {"%s-%03d" % (prefix, index): 1 for index in range(count)})]
        )
        return receipt.qms_inspection_ids

    def test_one_inspection_samples_the_move_and_holds_every_serial(self):
        inspection = self._receive(20)
        self.assertEqual(len(inspection), 1, "20 serial numbers, one inspection lot")
        self.assertEqual(len(inspection.lot_ids), 20)
        self.assertFalse(inspection.lot_id)
        # 20 units at level II: code letter C, 5 units, Ac 0 / Re 1 at AQL 2.5.
        self.assertEqual(
            (inspection.qty, inspection.sample_size, inspection.reject_number), (20, 5, 1)
        )
        self.assertEqual(set(inspection.lot_ids.mapped("qms_state")), {"pending"})
        sampled = inspection.lot_ids[:5]
        line = inspection.line_ids.with_user(self.inspector)
        line.write(
            {
                "measure_ids": [
                    (0, 0, {"value": 10.2 if index == 3 else 10.0, "lot_id": serial.id})
                    for index, serial in enumerate(sampled)
                ]
            }
        )
        self.assertEqual(line.measure_ids.lot_id, sampled)
        inspection.with_user(self.inspector).action_done()
        self.assertEqual(inspection.decision, "reject")
        self.assertEqual(set(inspection.lot_ids.mapped("qms_state")), {"blocked"})
        failed = sampled[3]
        with self.assertRefused(AccessError, "Only a Quality Manager"):
            inspection.with_user(self.inspector).action_reject_serials(
                failed.ids, "Only SN-003 is bad", password=self._pw(self.inspector)
            )
        stranger = self._lot(self.pump, "SN-OTHER")
        with self.assertRefused(UserError, "SN-OTHER are not"):
            inspection.with_user(self.manager).action_reject_serials(
                stranger.ids, "typo", password=self._pw(self.manager)
            )
        inspection.with_user(self.manager).action_reject_serials(
            failed.ids, "Only SN-003 is out of tolerance", password=self._pw(self.manager)
        )
        self.assertEqual(failed.qms_state, "blocked")
        self.assertEqual(set((inspection.lot_ids - failed).mapped("qms_state")), {"released"})
        self.assertEqual(inspection.rejected_lot_ids, failed)
        self.assertEqual(inspection.qms_signature_ids.meaning, "approval")

    def test_a_sampled_serial_must_be_one_of_the_move(self):
        inspection = self._receive(3)
        stranger = self._lot(self.pump, "SN-OTHER")
        with self.assertRefused(ValidationError, "SN-OTHER is not one of the units inspected"):
            inspection.line_ids.with_user(self.inspector).write(
                {"measure_ids": [(0, 0, {"value": 10.0, "lot_id": stranger.id})]}
            )

    def test_accepted_move_releases_every_serial(self):
        inspection = self._receive(8)
        self.assertEqual(inspection.sample_size, 5, "8 units: code A, whose arrow leads to C")
        self._decide(inspection, self.inspector)
        self.assertEqual(inspection.decision, "accept")
        self.assertEqual(set(inspection.lot_ids.mapped("qms_state")), {"released"})
        # Each serial number shows the inspection of its move, and its certificate lists it.
        serial = inspection.lot_ids[0]
        self.assertEqual(serial.qms_inspection_count, 1)
        action = serial.with_user(self.inspector).action_qms_view_inspections()
        self.assertEqual(self.env["qms.inspection"].search(action["domain"]), inspection)
        [section] = serial._qms_coa_sections()
        self.assertEqual(section["inspections"], inspection)
