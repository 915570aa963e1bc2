# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MrpUnbuild(models.Model):
    _inherit = "mrp.unbuild"

    qms_nonconformity_id = fields.Many2one(
        "qms.nonconformity",
        string="Reworks Nonconformity",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The nonconformity whose goods this unbuild order takes apart to rebuild them.",
    )
