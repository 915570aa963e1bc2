# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class QmsInspection(models.Model):
    _inherit = "qms.inspection"

    def _qms_check_complete(self):
        """A gauge recorded on a line may have become overdue or failed since: checked again
        when the results are recorded."""
        res = super()._qms_check_complete()
        self.line_ids._qms_check_gauges()
        return res
