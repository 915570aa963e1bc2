# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import xmlrpc.client

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import QmsCommon


class SignatureCommon(QmsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.point = cls._control_point(cls.type_in)
        cls.admin = new_test_user(
            cls.env,
            login="qms_sign_admin",
            groups="base.group_system,stock.group_stock_manager,quality_core.group_qms_manager",
        )

    def _rejected(self, lot_name="SIG-LOT"):
        receipt = self._receipt([(self.product_lot, {lot_name: 5})])
        return self._decide(receipt.qms_inspection_ids, self.inspector, value=10.5)

    def _signatures(self, records):
        return self.env["qms.signature"].search(
            [("res_model", "=", records._name), ("res_id", "in", records.ids)]
        )

    def _concede(self, inspection, reason="Customer accepts 10.5 mm"):
        inspection.with_user(self.manager).action_concession(
            reason, password=self._pw(self.manager)
        )
        return self._signatures(inspection)


@tagged("post_install", "-at_install")
class TestSignature(SignatureCommon):
    def test_a_concession_is_signed_with_the_managers_password(self):
        inspection = self._rejected()
        signature = self._concede(inspection)
        self.assertEqual(len(signature), 1)
        self.assertEqual(
            (signature.user_id, signature.signer_name, signature.signer_login, signature.meaning),
            (self.manager, self.manager.name, "qms_manager", "approval"),
        )
        self.assertEqual(signature.reason, "Customer accepts 10.5 mm")
        self.assertEqual(signature.action, "grant a concession")
        self.assertEqual(signature.record_name, inspection.display_name)
        self.assertIn('"decision":"concession"', signature.content)
        self.assertIn('"concession_reason":"Customer accepts 10.5 mm"', signature.content)
        self.assertEqual(len(signature.content_hash), 64)
        self.assertEqual(inspection.qms_signature_count, 1)
        self.assertEqual(inspection.qms_signature_ids, signature)
        # The inspection report prints who signed, when and what for.
        html = str(
            self.env["ir.actions.report"]._render_qweb_html(
                "quality_core.action_report_qms_inspection", inspection.ids
            )[0]
        )
        self.assertIn("Electronic signatures", html)
        self.assertIn(self.manager.name, html)
        self.assertIn(signature.content_hash[:16], html)
        # In the reader's date format (en_US here), in UTC whatever the reader's time zone.
        self.assertIn(signature.signed_at.strftime("%m/%d/%Y %H:%M:%S"), html)

    def test_a_wrong_or_missing_password_is_refused_and_writes_nothing(self):
        inspection = self._rejected()
        for password, exception, message in (
            ("not-my-password", AccessError, r"Signature refused: the password of .* is wrong"),
            (None, UserError, r"you sign electronically: give your password"),
            ("", UserError, r"you sign electronically: give your password"),
        ):
            with (
                self.subTest(password=password),
                mute_logger("odoo.addons.base.models.res_users"),
                self.assertRefused(exception, message),
            ):
                inspection.with_user(self.manager).action_concession("Fine", password=password)
            inspection.invalidate_recordset()
            self.assertEqual(inspection.decision, "reject")
            self.assertFalse(inspection.concession_reason)
            self.assertEqual(inspection.lot_id.qms_state, "blocked")
            self.assertFalse(self._signatures(inspection))
        # Another manager's password is no signature either.
        other = new_test_user(
            self.env, login="qms_other_manager", groups="quality_core.group_qms_manager"
        )
        with self.assertRefused(AccessError, "Signature refused"):
            inspection.with_user(self.manager).action_concession("Fine", password=self._pw(other))
        self.assertFalse(self._signatures(inspection))

    def test_releasing_a_lot_by_hand_is_signed(self):
        lot = self._rejected().lot_id
        with self.assertRefused(UserError, "give your password"):
            lot.with_user(self.manager).action_qms_release("Sorted by hand")
        self.assertEqual(lot.qms_state, "blocked")
        lot.with_user(self.manager).action_qms_release(
            "Sorted by hand", password=self._pw(self.manager)
        )
        self.assertEqual(lot.qms_state, "released")
        signature = self._signatures(lot)
        self.assertEqual((signature.action, signature.reason), ("release lots", "Sorted by hand"))

    def test_the_reason_wizard_asks_for_the_password(self):
        inspection = self._rejected().with_user(self.manager)
        action = inspection.action_open_concession_wizard()
        wizard_form = Form.from_action(self.env(user=self.manager), action)
        self.assertTrue(wizard_form.signed)
        wizard_form.reason = "Deviation approved"
        wizard_form.password = "wrong password"
        wizard = wizard_form.save()
        with (
            mute_logger("odoo.addons.base.models.res_users"),
            self.assertRefused(AccessError, "Signature refused"),
        ):
            wizard.action_confirm()
        self.assertEqual(inspection.decision, "reject")
        wizard.password = self._pw(self.manager)
        wizard.action_confirm()
        self.assertEqual(inspection.decision, "concession")
        self.assertFalse(wizard.password, "the wizard forgets the password once used")
        self.assertEqual(len(self._signatures(inspection)), 1)
        # Blocking is no signed decision: the wizard asks no password for it.
        block = Form.from_action(
            self.env(user=self.manager), inspection.lot_id.action_qms_open_block_wizard()
        )
        self.assertFalse(block.signed)

    def test_nobody_changes_or_deletes_a_signature(self):
        signature = self._concede(self._rejected())
        for user in (self.inspector, self.manager, self.admin):
            with self.subTest(user=user.login):
                with self.assertRaises(UserError):
                    signature.with_user(user).write({"reason": "Something else"})
                with self.assertRaises(UserError):
                    signature.with_user(user).unlink()
                with self.assertRaises(UserError):
                    self.env["qms.signature"].with_user(user).create(
                        {
                            "res_model": "qms.inspection",
                            "res_id": 1,
                            "record_name": "forged",
                            "action": "forged",
                            "meaning": "approval",
                            "user_id": user.id,
                            "signer_name": user.name,
                            "signer_login": user.login,
                            "signed_at": "2026-01-01 00:00:00",
                            "content": "{}",
                            "previous_hash": "0" * 64,
                            "content_hash": "0" * 64,
                        }
                    )
        # Not even as superuser: a signature is changed by no code path.
        with self.assertRefused(UserError, "can't be changed"):
            signature.sudo().write({"meaning": "review"})
        with self.assertRefused(UserError, "can't be deleted"):
            signature.sudo().unlink()
        with self.assertRefused(UserError, "not created directly"):
            self.env["qms.signature"].sudo().create({"res_model": "x"})
        self.assertEqual(
            (signature.meaning, signature.reason), ("approval", "Customer accepts 10.5 mm")
        )

    def test_signatures_form_one_chain(self):
        first = self._concede(self._rejected("SIG-1"))
        second = self._concede(self._rejected("SIG-2"))
        self.assertEqual(second.previous_hash, first.content_hash)
        result = self.env["qms.signature"].with_user(self.manager).qms_verify_chain()
        self.assertTrue(result["ok"], result["messages"])
        self.assertGreaterEqual(result["checked"], 2)
        self.assertEqual((result["broken"], result["changed_records"]), ([], []))

    def test_the_verifier_names_what_was_changed_in_sql(self):
        inspection_1 = self._rejected("SIG-1")
        first = self._concede(inspection_1)
        inspection_2 = self._rejected("SIG-2")
        second = self._concede(inspection_2)
        third = self._concede(self._rejected("SIG-3"))
        Signature = self.env["qms.signature"].with_user(self.manager)
        cr = self.env.cr

        # A signature's reason rewritten in SQL: its hash no longer matches.
        with cr.savepoint(flush=False) as savepoint:
            cr.execute("UPDATE qms_signature SET reason = 'edited' WHERE id = %s", [first.id])
            result = Signature.qms_verify_chain()
            self.assertFalse(result["ok"])
            self.assertEqual(result["broken"], [first.id])
            self.assertIn("Signature %s" % first.id, result["messages"][0])
            self.assertIn("no longer matches its hash", result["messages"][0])
            savepoint.rollback()

        # A signed record's field rewritten in SQL: the record no longer matches its signature.
        with cr.savepoint(flush=False) as savepoint:
            cr.execute(
                "UPDATE qms_inspection SET concession_reason = 'edited' WHERE id = %s",
                [inspection_2.id],
            )
            inspection_2.invalidate_recordset()
            result = Signature.qms_verify_chain()
            self.assertEqual(result["broken"], [])
            self.assertEqual(
                [(c["model"], c["id"], c["signature_id"]) for c in result["changed_records"]],
                [("qms.inspection", inspection_2.id, second.id)],
            )
            self.assertIn(inspection_2.display_name, result["messages"][0])
            savepoint.rollback()
        inspection_2.invalidate_recordset()

        # A signature deleted in the middle: the next one's link breaks.
        with cr.savepoint(flush=False) as savepoint:
            cr.execute("DELETE FROM qms_signature WHERE id = %s", [second.id])
            result = Signature.qms_verify_chain()
            self.assertEqual(result["broken"], [third.id])
            self.assertIn("link to the signature before it is broken", result["messages"][0])
            savepoint.rollback()

        # The last signature deleted: the chain's head tells.
        with cr.savepoint(flush=False) as savepoint:
            cr.execute("DELETE FROM qms_signature WHERE id = %s", [third.id])
            result = Signature.qms_verify_chain()
            self.assertFalse(result["ok"])
            self.assertEqual(result["broken"], [])
            self.assertIn("deleted at its end", " ".join(result["messages"]))
            savepoint.rollback()

        self.assertTrue(Signature.qms_verify_chain()["ok"])
        action = Signature.action_qms_verify_chain()
        self.assertEqual(action["params"]["type"], "success")

    def test_only_quality_managers_verify_the_chain(self):
        with self.assertRefused(AccessError, "Only a Quality Manager can verify"):
            self.env["qms.signature"].with_user(self.inspector).qms_verify_chain()


@tagged("post_install", "-at_install")
class TestSignatureOverXmlRpc(HttpCase, SignatureCommon):
    def test_a_script_signs_with_the_password_and_cannot_forge_a_signature(self):
        inspection = self._rejected()
        with (
            mute_logger("odoo.addons.base.models.res_users", "odoo.http"),
            self.assertRaisesRegex(xmlrpc.client.Fault, "Signature refused"),
        ):
            self._xmlrpc(
                self.manager,
                "qms.inspection",
                "action_concession",
                inspection.ids,
                "Fine",
                password="guess",
            )
        inspection.invalidate_recordset()
        self.assertEqual(inspection.decision, "reject")
        self.assertIs(
            self._xmlrpc(
                self.manager,
                "qms.inspection",
                "action_concession",
                inspection.ids,
                "Fine",
                password=self._pw(self.manager),
            ),
            True,
        )
        [signature] = self._xmlrpc(
            self.manager,
            "qms.signature",
            "search_read",
            [("res_model", "=", "qms.inspection"), ("res_id", "=", inspection.id)],
            fields=["signer_login", "meaning", "content_hash", "previous_hash"],
        )
        self.assertEqual(
            (signature["signer_login"], signature["meaning"]), ("qms_manager", "approval")
        )
        for method, args in (
            ("write", [[signature["id"]], {"reason": "forged"}]),
            ("unlink", [[signature["id"]]]),
            ("create", [{"res_model": "qms.inspection", "content_hash": "0" * 64}]),
        ):
            with self.subTest(method=method), mute_logger("odoo.http"):
                with self.assertRaises(xmlrpc.client.Fault):
                    self._xmlrpc(self.admin, "qms.signature", method, *args)
        result = self._xmlrpc(self.manager, "qms.signature", "qms_verify_chain")
        self.assertTrue(result["ok"], result["messages"])
