# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import RedirectWarning


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

    def _qms_hold(self, created, inspections):
        """Whether blocking inspections hold the documents: True when nothing does.

        ``created`` are the inspections that the check itself has just created (for a point
        added after the document was confirmed): they are returned as an action that opens
        them, since a refusal would roll its transaction back and name inspections that never
        existed. Open or rejected blocking ones among ``inspections`` are refused with a
        button that opens them.
        """
        created = self.env["qms.inspection"].browse(created.filtered("blocking").ids)
        if created:
            return self._qms_action_inspections_created(created)
        for document in self:
            own = inspections.filtered(lambda i: i[self._qms_inspection_field] == document)
            message = own._qms_blocking_message(document.display_name)
            if message:
                raise RedirectWarning(
                    message,
                    self.env["qms.inspection"]
                    .browse(own._qms_holding().ids)
                    ._qms_action_view({"create": False}),
                    self.env._("Open the inspections"),
                )
        return True

    def _qms_action_inspections_created(self, inspections):
        """Tell that ``inspections`` were just created and hold the documents, and open them."""
        documents = inspections[self._qms_inspection_field]
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Inspection to do"),
                "message": self.env._(
                    "%(documents)s can't go on yet: inspections %(list)s were created now, as "
                    "their control points ask. Record their decisions, then try again.",
                    documents=", ".join(documents.mapped("display_name")),
                    list=inspections.sudo()._qms_describe(),
                ),
                "type": "warning",
                "sticky": True,
                "next": inspections._qms_action_view({"create": False}),
            },
        }

    def action_qms_view_inspections(self):
        self.env["qms.protected.mixin"]._qms_check_single(
            self, self.env._("Opening the inspections")
        )
        return self.qms_inspection_ids._qms_action_view(
            {"search_default_%s" % self._qms_inspection_field: self.id, "create": False}
        )
