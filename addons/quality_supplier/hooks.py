# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def post_init_hook(env):
    """Put on hold the existing bills of goods whose inspections are open or rejected.

    The column is created empty (``account.move._auto_init``); only bills of inspected purchase
    lines can be on hold, so only those are computed.
    """
    bills = env["account.move"].search(
        [
            ("move_type", "=", "in_invoice"),
            ("invoice_line_ids.purchase_line_id.qms_inspection_ids", "!=", False),
        ]
    )
    env.add_to_compute(env["account.move"]._fields["qms_payment_hold"], bills)
    bills.flush_recordset(["qms_payment_hold"])
