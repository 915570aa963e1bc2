# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class QmsInspectionSource(models.AbstractModel):
    """Documents that control points inspect: transfers and manufacturing orders.

    Inheriting models declare ``qms_inspection_ids`` (the one2many towards their own field on
    ``qms.inspection``) and ``_qms_inspection_field``, the name of that field.
    """

    _name = "qms.inspection.source"
    _description = "Inspected Document"
    _qms_inspection_field = None

    qms_inspection_count = fields.Integer(compute="_compute_qms_inspection_count")
    qms_inspection_todo_count = fields.Integer(compute="_compute_qms_inspection_count")

    def _compute_qms_inspection_count(self):
        for document in self:
            inspections = document.qms_inspection_ids.filtered(lambda i: i.state != "cancel")
            document.qms_inspection_count = len(inspections)
            document.qms_inspection_todo_count = len(
                inspections.filtered(lambda i: i.state == "todo")
            )

    def _qms_raise_if_blocked(self, inspections):
        """Refuse to go on while a blocking inspection of a document is open or rejected."""
        for document in self:
            message = inspections.filtered(
                lambda i: i[self._qms_inspection_field] == document
            )._qms_blocking_message(document.display_name)
            if message:
                raise UserError(message)

    def action_qms_view_inspections(self):
        self.env["qms.protected.mixin"]._qms_check_single(
            self, self.env._("Opening the inspections")
        )
        return self.qms_inspection_ids._qms_action_view(
            {"search_default_%s" % self._qms_inspection_field: self.id, "create": False}
        )
