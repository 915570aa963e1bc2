# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class QmsControlPoint(models.Model):
    _inherit = "qms.control.point"

    certificate_required = fields.Boolean(
        tracking=True,
        help="An inspection of this point can't accept its lot until a valid certificate of the "
        "vendor (e.g. the material certificate) is attached to it.",
    )
