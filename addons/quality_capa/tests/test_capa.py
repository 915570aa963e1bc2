# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .test_nonconformity import NonconformityCommon


class CapaCommon(NonconformityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owner = new_test_user(
            cls.env,
            login="qms_capa_lead",
            groups="stock.group_stock_user,quality_capa.group_qms_capa_user",
        )

    def _capa(self, **vals):
        return (
            self.env["qms.capa"].with_user(self.owner).create({"title": "Oversized rods", **vals})
        )

    def _to(self, capa, step):
        """Fill in what each step needs and move the CAPA to ``step``."""
        capa = capa.with_user(self.owner)
        today = fields.Date.today()
        fill = {
            "d1": lambda: capa.write({"team_ids": [(6, 0, (self.owner | self.inspector).ids)]}),
            "d2": lambda: capa.write(
                {
                    "problem_what": "Rods 10.5 mm instead of 10.0",
                    "problem_where": "Incoming inspection",
                    "problem_when": "Receipt of week 48",
                    "problem_how_many": "100 rods, 1 lot",
                }
            ),
            "d3": lambda: capa.write(
                {
                    "action_ids": [
                        (
                            0,
                            0,
                            {
                                "action_type": "containment",
                                "name": "Sort the stock",
                                "date_deadline": today,
                            },
                        )
                    ]
                }
            ),  # fmt: skip
            "d4": lambda: capa.write(
                {
                    "why_1": "The bar was cut oversize",
                    "root_cause": "Saw stop not calibrated",
                    "root_cause_category": "machine",
                }
            ),
            "d5": lambda: capa.write(
                {
                    "action_ids": [
                        (
                            0,
                            0,
                            {
                                "action_type": "corrective",
                                "name": "Calibrate the saw stop",
                                "user_id": self.inspector.id,
                                "date_deadline": today,
                            },
                        )
                    ]
                }
            ),  # fmt: skip
            "d6": lambda: (
                capa.action_ids.filtered(lambda a: a.action_type == "corrective").action_done(),
                capa.write({"validation": "30 rods cut and measured: all 10.0 mm"}),
            ),
            "d7": lambda: capa.write({"prevention": "Saw stop added to the calibration plan"}),
        }
        while capa.step != step:
            if capa.step in fill:
                fill[capa.step]()
            capa.action_next_step()
        return capa


@tagged("post_install", "-at_install")
class TestCapa(CapaCommon):
    def test_an_ncr_opens_a_capa_that_goes_through_the_8d_steps_and_closes_signed(self):
        ncr = self._rejected().nonconformity_ids
        action = ncr.with_user(self.owner).action_create_capa()
        capa = self.env["qms.capa"].browse(action["res_id"])
        self.assertEqual(ncr.capa_id, capa)
        self.assertRegex(capa.name, r"^CAPA/\d{4}/\d{5}$")
        self.assertEqual((capa.step, capa.state, capa.partner_id), ("d0", "open", self.vendor))
        self.assertIn("100.0", capa.problem_how_many)
        self._to(capa, "d8")
        self.assertEqual(capa.date_implemented, fields.Date.today())
        self.assertEqual(capa.date_effectiveness_due, fields.Date.today() + timedelta(days=30))
        # The effectiveness is checked after the delay, then the CAPA closes (signed).
        with self.assertRefused(UserError, "can be checked from"):
            capa.with_user(self.manager).action_check_effectiveness("effective", "No repeat")
        with self.assertRefused(UserError, "effectiveness check hasn't found"):
            capa.with_user(self.manager).action_close(password=self._pw(self.manager))
        containment = capa.action_ids.filtered(lambda a: a.action_type == "containment")
        with freeze_time(fields.Date.today() + timedelta(days=31)):
            capa.with_user(self.manager).action_check_effectiveness(
                "effective", "No oversized rod in 4 receipts"
            )
            with self.assertRefused(UserError, "actions are open: Sort the stock"):
                capa.with_user(self.manager).action_close(password=self._pw(self.manager))
            containment.with_user(self.owner).action_done()
            with (
                mute_logger("odoo.addons.base.models.res_users"),
                self.assertRefused(AccessError, "Signature refused"),
            ):
                capa.with_user(self.manager).action_close(password="wrong")
            self.assertEqual(capa.state, "open")
            capa.with_user(self.manager).action_close(password=self._pw(self.manager))
        self.assertEqual(capa.state, "done")
        self.assertEqual(capa.on_time, 100.0, "no deadline: on time")
        signature = capa.qms_signature_ids
        self.assertEqual((signature.user_id, signature.action), (self.manager, "close CAPAs"))
        self.assertIn("Saw stop not calibrated", signature.content)
        with self.assertRefused(UserError, "closed or cancelled"):
            capa.with_user(self.manager).write({"root_cause": "Something else"})
        # The 8D report has every step, the team, the actions and the signature.
        html = str(
            self.env["ir.actions.report"]._render_qweb_html(
                "quality_capa.action_report_qms_capa_8d", capa.ids
            )[0]
        )
        for text in (
            "8D Report",
            ncr.name,
            "Rods 10.5 mm instead of 10.0",
            "Sort the stock",
            "The bar was cut oversize",
            "Saw stop not calibrated",
            "Calibrate the saw stop",
            "30 rods cut and measured",
            "Saw stop added to the calibration plan",
            "No oversized rod in 4 receipts",
            self.manager.name,
            signature.content_hash[:16],
        ):
            self.assertIn(text, html)

    def test_no_step_is_skipped(self):
        capa = self._capa().with_user(self.owner)
        capa.action_next_step()  # D0 needs nothing more than the title
        expectations = [
            ("d1", "needs the team"),
            ("d2", "needs What; Where; When; How Many"),
            ("d3", "needs a containment action"),
            ("d4", "needs the root cause; its 6M category; the first why"),
            ("d5", "needs a permanent corrective action"),
            ("d6", "needs corrective actions done .*the validation of the actions"),
            ("d7", "needs the prevention of recurrence"),
        ]
        for step, message in expectations:
            with self.subTest(step=step):
                self.assertEqual(capa.step, step)
                with self.assertRefused(UserError, "can't leave .* yet: it " + message):
                    capa.action_next_step()
                self.assertEqual(capa.step, step)
                # Leaving D6 dates the implementation, that the effectiveness check waits from.
                self.assertEqual(bool(capa.date_implemented), step == "d7")
                next_step = "d%d" % (int(step[1]) + 1)
                capa = self._to(capa, next_step)
        with self.assertRefused(UserError, "is at D8: close it"):
            capa.action_next_step()
        # The step itself can't be written, forward or back.
        for user in (self.owner, self.manager):
            with self.assertRefused(UserError, "can't be written directly"):
                capa.with_user(user).write({"step": "d2"})

    def test_not_effective_sends_the_capa_back_to_the_root_cause(self):
        capa = self._to(self._capa(), "d8")
        with freeze_time(fields.Date.today() + timedelta(days=31)):
            capa.with_user(self.manager).action_check_effectiveness(
                "not_effective", "Oversized rods again in week 3"
            )
        self.assertEqual((capa.step, capa.effectiveness), ("d4", "not_effective"))
        self.assertFalse(capa.date_implemented)

    def test_refusals_by_role(self):
        capa = self._to(self._capa(), "d8")
        with self.assertRefused(AccessError, "Only a CAPA Owner"):
            capa.with_user(self.inspector).action_next_step()
        with self.assertRefused(AccessError, "Only a Quality Manager can close"):
            capa.with_user(self.owner).action_close(password=self._pw(self.owner))
        with self.assertRefused(AccessError, "Only a Quality Manager can check"):
            capa.with_user(self.owner).action_check_effectiveness("effective", "fine")
        with self.assertRefused(UserError, "supplier corrective action request: say which vendor"):
            self._capa(capa_type="scar")
        # An action's owner records its result and marks it done, and nothing else.
        done = capa.action_ids.filtered(lambda a: a.user_id == self.inspector)
        done.with_user(self.inspector).write({"result": "Calibrated on 2 Dec"})
        with self.assertRefused(UserError, "are done: only their result"):
            done.with_user(self.owner).write({"date_deadline": "2030-01-01"})
        action = (
            self.env["qms.capa.action"]
            .with_user(self.owner)
            .create(
                {
                    "capa_id": capa.id,
                    "action_type": "preventive",
                    "name": "Train the saw operators",
                    "user_id": self.inspector.id,
                    "date_deadline": fields.Date.today(),
                }
            )
        )
        with self.assertRefused(AccessError, "for CAPA Owners"):
            action.with_user(self.inspector).write({"date_deadline": "2030-01-01"})
        action.with_user(self.inspector).action_done()
        self.assertEqual(action.state, "done")
        other = capa.action_ids.filtered(lambda a: a.user_id == self.owner)
        with self.assertRefused(AccessError, "Only their owner or a CAPA Owner"):
            other.with_user(self.inspector).action_done()

    def test_overdue_actions_are_escalated_to_the_owner_then_the_managers(self):
        capa = self._to(self._capa(), "d4")
        late = (
            self.env["qms.capa.action"]
            .with_user(self.owner)
            .create(
                {
                    "capa_id": capa.id,
                    "name": "Update the control plan",
                    "user_id": self.inspector.id,
                    "date_deadline": fields.Date.today() - timedelta(days=1),
                }
            )
        )
        Action = self.env["qms.capa.action"]
        self.assertIn(late, Action.search([("is_late", "=", True)]))
        Action._cron_escalate_overdue()
        self.assertEqual(late.escalation, "owner")
        self.assertEqual(late.activity_ids.user_id, self.inspector)
        Action._cron_escalate_overdue()
        self.assertEqual(len(late.activity_ids), 1, "one reminder, not one per run")
        with freeze_time(fields.Date.today() + timedelta(days=7)):
            Action._cron_escalate_overdue()
        self.assertEqual(late.escalation, "manager")
        self.assertIn(self.manager, late.activity_ids.user_id)
        late.with_user(self.inspector).action_done()
        self.assertFalse(late.activity_ids)

    def test_the_close_dialog_signs(self):
        capa = self._to(self._capa(date_deadline=fields.Date.today() + timedelta(days=20)), "d8")
        capa.action_ids.sudo()._qms_write({"state": "done"})
        with freeze_time(fields.Date.today() + timedelta(days=31)):
            capa.with_user(self.manager).action_check_effectiveness("effective", "ok")
            action = capa.with_user(self.manager).action_open_close_wizard()
            wizard = Form.from_action(self.env(user=self.manager), action)
            self.assertIn("Saw stop not calibrated", wizard.summary)
            wizard.password = self._pw(self.manager)
            wizard.save().action_sign()
        self.assertEqual(capa.state, "done")
        self.assertEqual(capa.on_time, 0.0, "closed 11 days after its deadline")
