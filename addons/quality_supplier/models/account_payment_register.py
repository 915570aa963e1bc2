# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class AccountPaymentRegister(models.TransientModel):
    _inherit = "account.payment.register"

    def _create_payments(self):
        # Every way of registering payments ends here: one bill, several bills grouped or not,
        # and the wizard opened from journal items.
        self.line_ids.move_id._qms_raise_if_payment_held()
        return super()._create_payments()
