# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class StockLot(models.Model):
    _inherit = "stock.lot"

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        """Let inventory users without valuation rights open a lot when stock_account is installed.

        stock_account's lot form loads ``stock_valuation_layer_ids`` (for its Valuation
        button) for every user, but only Inventory Administrators may read valuation
        layers: anyone else, the suite's inspectors included, gets an AccessError on opening
        any lot. The field and the button that needs it are kept for the users who may read
        the layers.
        """
        arch, view = super()._get_view(view_id, view_type, **options)
        for node in arch.xpath(
            "//field[@name='stock_valuation_layer_ids']"
            "|//button[@name='action_view_stock_valuation_layers']"
        ):
            node.set("groups", "stock.group_stock_manager")
        return arch, view
