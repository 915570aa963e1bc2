# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def _reconcile_plan(self, reconciliation_plan):
        # Every reconciliation ends here: payments, outstanding credits, journal items
        # reconciled by hand (reconcile()) and the exchange differences that follow.
        lines = self._qms_plan_lines(reconciliation_plan)
        moves = lines.move_id
        held = moves.filtered("qms_payment_hold")
        if held:
            # Reversing a held bill (a refund of the rejected goods) is no payment.
            paying = moves - held - moves.filtered(lambda move: move.reversed_entry_id in held)
            if paying:
                held._qms_raise_if_payment_held()
        return super()._reconcile_plan(reconciliation_plan)

    def _qms_plan_lines(self, plan):
        """The journal items of a reconciliation plan (recordsets nested in lists)."""
        lines = self.browse()
        for item in plan:
            lines |= item if isinstance(item, models.BaseModel) else self._qms_plan_lines(item)
        return lines
