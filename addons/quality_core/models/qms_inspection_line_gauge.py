# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class QmsInspectionLine(models.Model):
    """The gauge a result was measured with: recorded by the inspector, like the value."""

    _inherit = "qms.inspection.line"

    equipment_id = fields.Many2one(
        "maintenance.equipment",
        "Gauge",
        index="btree_not_null",
        ondelete="restrict",
        domain="[('qms_is_gauge', '=', True), ('qms_calibration_state', '=', 'valid'), "
        "('company_id', 'in', [company_id, False])]",
        help="The measuring equipment used; only gauges with a valid calibration.",
    )

    def _qms_protected_field_names(self):
        return super()._qms_protected_field_names() - {"equipment_id"}

    @api.constrains("equipment_id")
    def _check_equipment_id(self):
        self._qms_check_gauges()

    def _qms_check_gauges(self):
        """Refuse results recorded with a gauge that is not measuring equipment of the
        inspection's company with a valid calibration."""
        for line in self.filtered("equipment_id"):
            where = self.env._(
                "%(inspection)s, test %(test)s", inspection=line.inspection_id.name, test=line.name
            )
            gauge = line.equipment_id.sudo()
            if gauge.company_id and gauge.company_id != line.company_id:
                raise ValidationError(
                    self.env._(
                        "%(where)s: gauge %(gauge)s belongs to %(company)s.",
                        where=where,
                        gauge=gauge.display_name,
                        company=gauge.company_id.name,
                    )
                )
            gauge._qms_check_usable(where)
