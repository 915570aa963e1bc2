# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import random

from psycopg2 import errors

from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError, UserError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger

from ..tools import aql
from .common import QmsCommon, second_company_manager

# A lot of 500 at level II is code letter H: at AQL 2.5, normal 50 items Ac 3 / Re 4 (ISO
# 2859-1 table 2-A), tightened 50 items 2/3 (2-B), reduced 20 items 2/3 (2-C).
PLANS = {"normal": (50, 3, 4), "tightened": (50, 2, 3), "reduced": (20, 2, 3)}


@tagged("post_install", "-at_install")
class TestSamplingSwitching(QmsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.point = cls._control_point(
            cls.type_in,
            timing="after",
            test_ids=[(6, 0, cls.test_visual.ids)],
            sampling_method="aql",
            aql_level="II",
            aql_value=2.5,
            aql_switching=True,
        )
        cls.lot_number = 0

    def _next_lot(self, partner=None):
        """Receive a lot of 500 from the vendor; its inspection, to do (or skipped)."""
        type(self).lot_number += 1
        receipt = self._receipt(
            [(self.product_lot, {"SW-%04d" % self.lot_number: 500})], partner=partner
        )
        return receipt.qms_inspection_ids

    def _judge(self, inspection, defects):
        """Record ``defects`` defective units in the sample and decide, as the inspector."""
        inspection = inspection.with_user(self.inspector)
        inspection.line_ids.answer = "fail" if defects else "pass"
        inspection.defect_count = defects
        inspection.action_done()
        return inspection.with_user(self.env.user)

    def _lot(self, defects):
        return self._judge(self._next_lot(), defects)

    def _state(self, partner=None):
        return self.env["qms.sampling.state"].search(
            [
                ("control_point_id", "=", self.point.id),
                ("product_id", "=", self.product_lot.id),
                ("partner_id", "=", (partner or self.vendor).id),
            ]
        )

    def assertPlan(self, inspection, severity):
        self.assertEqual(inspection.severity, severity)
        self.assertEqual(
            (inspection.sample_size, inspection.accept_number, inspection.reject_number),
            PLANS[severity],
            "the plan of %s inspection" % severity,
        )

    def test_two_rejected_of_five_tighten_and_five_accepted_relax(self):
        first = self._lot(4)
        self.assertPlan(first, "normal")
        self.assertEqual(first.decision, "reject")
        for _index in range(3):
            self.assertPlan(self._lot(0), "normal")
        self.assertEqual(self._state().severity, "normal", "1 rejection in 4 lots")
        fifth = self._lot(5)
        self.assertEqual(self._state().severity, "tightened", "2 rejections in 5 lots")
        transition = self._state().transition_ids
        self.assertEqual(transition.reason, aql.TWO_OF_FIVE_REJECTED)
        self.assertEqual(transition.inspection_ids, fifth)
        self.assertEqual(transition.lot_names, fifth.lot_id.name)
        self.assertEqual(self.product_lot.product_tmpl_id.qms_sampling_severity, "tightened")
        self.assertEqual(self.vendor.qms_sampling_severity, "tightened")
        # Tightened: 2 defects accept (Ac 2), 3 reject (Re 3), where normal accepted 3.
        lot = self._lot(3)
        self.assertPlan(lot, "tightened")
        self.assertEqual(lot.decision, "reject")
        for _index in range(4):
            self.assertPlan(self._lot(2), "tightened")
        self.assertEqual(self._state().severity, "tightened", "4 accepted in a row")
        self._lot(0)
        self.assertEqual(self._state().severity, "normal", "5 accepted in a row")
        self.assertEqual(self._state().transition_ids[0].reason, aql.FIVE_ACCEPTED)
        self.assertPlan(self._next_lot(), "normal")

    def test_switching_score_starts_reduced_only_where_allowed(self):
        # Ac 3: a lot adds 3 when the plan of AQL 1.5 (Ac 2 for a lot of 500, 2-A row H)
        # would have accepted it too, and resets the score otherwise.
        for _index in range(9):
            self._lot(2)
        self.assertEqual(self._state().switching_score, 27)
        self._lot(3)
        self.assertEqual(self._state().switching_score, 0, "accepted, but not at AQL 1.5")
        for _index in range(10):
            self._lot(0)
        state = self._state()
        self.assertEqual((state.switching_score, state.severity), (30, "normal"))
        self.point.reduced_allowed = True
        self._lot(0)
        self.assertEqual(self._state().severity, "reduced")
        self.assertEqual(self._state().transition_ids[0].reason, aql.SCORE_REACHED)
        reduced = self._lot(2)
        self.assertPlan(reduced, "reduced")
        self.assertEqual(reduced.decision, "accept")
        self._lot(3)
        self.assertEqual(self._state().severity, "normal", "a lot not accepted on reduced")
        self.assertEqual(self._state().transition_ids[0].reason, aql.REJECTED_ON_REDUCED)

    def test_five_rejected_on_tightened_discontinue_until_a_manager_resumes(self):
        self._lot(4)
        self._lot(4)
        self.assertEqual(self._state().severity, "tightened")
        for _index in range(4):
            self._lot(3)
        self.assertEqual(self._state().severity, "tightened", "4 not accepted on tightened")
        self._lot(3)
        state = self._state()
        self.assertEqual(state.severity, "discontinued")
        self.assertEqual(state.transition_ids[0].reason, aql.FIVE_REJECTED_ON_TIGHTENED)
        self.assertEqual(self.vendor.qms_sampling_severity, "discontinued")
        picking = self._picking(
            self.type_in, self.supplier_location, self.stock, [(self.product_lot, {"SW-X": 500})]
        )
        with self.assertRefused(UserError, "QMS Rod from QMS Test Vendor can't be processed"):
            picking.button_validate()
        self.assertEqual(picking.state, "assigned")
        # Another vendor's goods are not concerned.
        other = self.env["res.partner"].create({"name": "Other Vendor"})
        self.assertPlan(self._next_lot(partner=other), "normal")
        with self.assertRefused(AccessError, "Only a Quality Manager can resume inspection"):
            state.with_user(self.inspector).action_resume("8D closed")
        with self.assertRefused(UserError, "reason"):
            state.with_user(self.manager).action_resume("  ")
        state.with_user(self.manager).action_resume("SCAR 12 closed, new supplier process")
        self.assertEqual(state.severity, "tightened")
        self.assertEqual(state.transition_ids[0].reason, "resumed")
        self.assertEqual(state.transition_ids[0].note, "SCAR 12 closed, new supplier process")
        with self.assertRefused(UserError, "not discontinued"):
            state.with_user(self.manager).action_resume("again")
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertPlan(picking.qms_inspection_ids, "tightened")
        # Lots decided before the resumption no longer count: 4 more rejections don't stop.
        self._judge(picking.qms_inspection_ids, 3)
        for _index in range(3):
            self._lot(3)
        self.assertEqual(self._state().severity, "tightened")

    def test_decision_order_counts_and_cancelled_decisions_are_replayed(self):
        first, second = self._next_lot(), self._next_lot()
        self._lot(0)
        self._judge(second, 4)
        self._judge(first, 4)
        state = self._state()
        self.assertEqual(state.severity, "tightened")
        self.assertEqual(
            [i.switching_sequence for i in (second, first)], [2, 3], "read in decision order"
        )
        # A concession doesn't make a lot accepted by the plan.
        first.with_user(self.manager).action_concession(
            "Sorted by the vendor", password=self._pw(self.manager)
        )
        self.assertEqual(state.severity, "tightened")
        # Cancelling a decision reads the others again without it.
        second.with_user(self.manager).action_cancel("Wrong gauge")
        self.assertEqual(state.severity, "normal")
        self.assertEqual(state.transition_ids[0].reason, "recomputed")
        self.assertEqual(state.transition_ids[0].inspection_ids, second)
        # Re-inspecting one cancels it too; its re-inspection counts when decided.
        [new_id] = first.with_user(self.manager).action_reinspect("Sample lost")
        reinspection = self.env["qms.inspection"].browse(new_id)
        self.assertEqual(reinspection.sampling_state_id, state)
        self.assertPlan(reinspection, "normal")
        self._judge(reinspection, 0)
        self.assertEqual(state.recent_results, "AA")

    def test_long_sequence_follows_the_standard(self):
        """120 lots with a vendor whose quality drifts: after every decision the state is the
        one ISO 2859-1 gives for the lots so far, and every lot is inspected with the plan of
        that state."""
        self.point.reduced_allowed = True
        rng = random.Random(2859)
        expected = aql.Switching()
        severities, changes = set(), 0
        for index in range(120):
            # Good, then bad, then good again: every severity but discontinued is reached.
            bad = 0.3 if 40 <= index < 52 else 0.03
            inspection = self._next_lot()
            self.assertPlan(inspection, expected.severity)
            size, accept, reject = PLANS[expected.severity]
            defects = rng.choice(range(reject, reject + 3)) if rng.random() < bad else 0
            self._judge(inspection, defects)
            expected, reason = expected.apply(defects <= accept, accept, defects <= 2, True)
            changes += bool(reason)
            state = self._state()
            self.assertEqual(
                (state.severity, state.switching_score, state.rejected_on_tightened),
                (expected.severity, expected.score, expected.rejected_on_tightened),
                "after lot %s" % (index + 1),
            )
            severities.add(expected.severity)
        self.assertEqual(severities, {"normal", "tightened", "reduced"})
        transitions = self._state().transition_ids
        self.assertEqual(len(transitions), changes, "each change of severity is logged")
        for transition in transitions:
            self.assertEqual(len(transition.inspection_ids), 1, "with the lot that caused it")

    def test_skip_lot_releases_at_once_and_a_rejection_ends_it(self):
        self.point.write(
            {"aql_switching": False, "skip_lot": True, "skip_lot_after": 3, "skip_lot_interval": 2}
        )
        for _index in range(3):
            self._lot(0)
        self.assertTrue(self._state().skip_lot_active)
        skipped = self._next_lot()
        self.assertTrue(skipped.skipped)
        self.assertEqual((skipped.state, skipped.decision), ("done", "accept"))
        self.assertFalse(skipped.line_ids)
        self.assertNotIn(skipped.lot_id.qms_state, ("pending", "blocked"))
        inspected = self._next_lot()
        self.assertFalse(inspected.skipped)
        self.assertEqual(inspected.state, "todo")
        self.assertEqual(inspected.lot_id.qms_state, "pending")
        self._judge(inspected, 0)
        self.assertTrue(self._next_lot().skipped)
        self._judge(self._next_lot(), 4)
        self.assertFalse(self._state().skip_lot_active)
        for _index in range(3):
            lot = self._next_lot()
            self.assertFalse(lot.skipped, "every lot is inspected again after a rejection")
            self._judge(lot, 0)
        self.assertTrue(self._state().skip_lot_active, "a new run of 3 accepted lots")
        self.assertTrue(self._next_lot().skipped)

    def test_states_are_read_only_for_everyone(self):
        self._lot(4)
        self._lot(4)
        state = self._state()
        for user in (self.inspector, self.manager):
            with self.assertRefused(AccessError, "not allowed to modify"):
                state.with_user(user).write({"severity": "reduced"})
            with self.assertRefused(AccessError, "not allowed to create"):
                self.env["qms.sampling.state"].with_user(user).create(
                    {"control_point_id": self.point.id, "product_id": self.product_lot.id}
                )
            with self.assertRefused(AccessError, "not allowed to modify"):
                state.transition_ids.with_user(user).write({"reason": "resumed"})
        self.assertEqual(state.severity, "tightened")

    def test_another_companys_manager_cannot_resume(self):
        for _index in range(7):
            self._lot(5)
        state = self._state()
        self.assertEqual(state.severity, "discontinued")
        _company, manager_b = second_company_manager(self.env, "QMS Company B", "qms_manager_b")
        with self.assertRefused(AccessError, "not working in"):
            state.with_user(manager_b).action_resume("Not my vendor")
        self.assertEqual(state.severity, "discontinued")

    def test_switching_needs_aql_and_skip_lot_sane_numbers(self):
        with self.assertRefused(Exception, "switching rules need AQL sampling"):
            self.point.sampling_method = "all"
        with self.assertRefused(Exception, "every n-th lot with n of 2 or more"):
            self.point.write({"skip_lot": True, "skip_lot_interval": 1})


@tagged("post_install", "-at_install")
class TestSamplingStateConcurrency(BaseCase):
    """Two transactions that reach the same sampling state (two receipts of one vendor
    validated at once) read it one after the other: the second waits for the first, then
    Odoo's retry runs it again on what the first committed. Committed data, removed after."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            warehouse = env["stock.warehouse"].search([], limit=1)
            visual = env["qms.test"].create({"name": "Concurrency visual"})
            self.point_id = (
                env["qms.control.point"]
                .create(
                    {
                        "name": "Concurrency point",
                        "picking_type_ids": [(6, 0, warehouse.in_type_id.ids)],
                        "test_ids": [(6, 0, visual.ids)],
                        "sampling_method": "aql",
                        "aql_switching": True,
                    }
                )
                .id
            )
            self.test_id = visual.id
            self.product_id = env["product.product"].create({"name": "Concurrency part"}).id
            self.partner_id = env["res.partner"].create({"name": "Concurrency vendor"}).id
        self.addCleanup(self._remove)

    def _remove(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["qms.sampling.state"].search([("control_point_id", "=", self.point_id)]).unlink()
            env["qms.control.point"].browse(self.point_id).unlink()
            env["qms.test"].browse(self.test_id).unlink()
            env["product.product"].browse(self.product_id).unlink()
            env["res.partner"].browse(self.partner_id).unlink()

    def _get(self, cr):
        env = api.Environment(cr, SUPERUSER_ID, {})
        return env["qms.sampling.state"]._qms_get(
            env["qms.control.point"].browse(self.point_id),
            env["product.product"].browse(self.product_id),
            env["res.partner"].browse(self.partner_id),
        )

    def test_second_transaction_waits_then_retries(self):
        with self.registry.cursor() as cr:
            self._get(cr)  # the state exists (committed) before both transactions
        with self.registry.cursor() as first, self.registry.cursor() as second:
            second.execute("SET LOCAL lock_timeout = '300ms'")
            state = self._get(first)
            # While the first holds the state, the second can't read it to switch.
            with self.assertRaises(errors.LockNotAvailable), mute_logger("odoo.sql_db"):
                self._get(second)
            second.rollback()
            state.write({"severity": "tightened", "sequence_counter": 1})
            first.commit()
            # Now the second reads what the first committed.
            self.assertEqual(self._get(second).severity, "tightened")
            second.rollback()
