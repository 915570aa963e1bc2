# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MaintenanceEquipmentCategory(models.Model):
    _inherit = "maintenance.equipment.category"

    qms_is_calibration = fields.Boolean(
        "Measuring Equipment",
        help="Equipment of this category are gauges: their preventive maintenance is their "
        "calibration, and inspections may only record them while their calibration is valid.",
    )
