# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class QmsRegisterWizard(models.TransientModel):
    """The register of nonconformities or CAPAs of a period, as a spreadsheet."""

    _name = "qms.register.wizard"
    _description = "Quality Register Export"
    _inherit = ["qms.xlsx.mixin"]

    register = fields.Selection(
        [("ncr", "Nonconformities"), ("capa", "CAPAs")], required=True, default="ncr"
    )
    date_from = fields.Date(
        required=True, default=lambda self: fields.Date.context_today(self) - relativedelta(years=1)
    )
    date_to = fields.Date(required=True, default=fields.Date.context_today)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(
                    self.env._(
                        "The register runs from %(start)s to %(end)s: the start comes after the "
                        "end.",
                        start=wizard.date_from,
                        end=wizard.date_to,
                    )
                )

    def _qms_period_domain(self, field):
        start = datetime.combine(self.date_from, time.min)
        end = datetime.combine(self.date_to, time.max)
        if self.env[self._qms_register_model()]._fields[field].type == "date":
            start, end = self.date_from, self.date_to
        return [(field, ">=", start), (field, "<=", end)]

    def _qms_register_model(self):
        return "qms.nonconformity" if self.register == "ncr" else "qms.capa"

    def action_export(self):
        """Download the register (the user's access rules apply: a register lists what its
        reader may read)."""
        self.ensure_one()
        labels = dict(self._fields["register"]._description_selection(self.env))
        title = "%s %s - %s" % (labels[self.register], self.date_from, self.date_to)
        if self.register == "ncr":
            headers, rows, widths = self._qms_ncr_register()
        else:
            headers, rows, widths = self._qms_capa_register()
        return self._qms_xlsx_download(title, labels[self.register], headers, rows, widths)

    def _qms_label(self, record, field):
        return dict(record._fields[field]._description_selection(self.env)).get(record[field], "")

    def _qms_ncr_register(self):
        ncrs = self.env["qms.nonconformity"].search(self._qms_period_domain("date"), order="date")
        headers = [
            self.env._("Reference"),
            self.env._("Found On"),
            self.env._("Origin"),
            self.env._("Severity"),
            self.env._("Product"),
            self.env._("Lot"),
            self.env._("Quantity"),
            self.env._("Unit"),
            self.env._("Partner"),
            self.env._("Work Center"),
            self.env._("Dispositions"),
            self.env._("Status"),
            self.env._("CAPA"),
            self.env._("Cause Category"),
            self.env._("Scrapped Value"),
            self.env._("Rework Cost"),
            self.env._("Returned Value"),
            self.env._("Other Costs"),
            self.env._("Cost of Poor Quality"),
        ]
        rows = [
            [
                ncr.name,
                ncr.date,
                self._qms_label(ncr, "origin"),
                self._qms_label(ncr, "severity"),
                ncr.product_id.display_name,
                ncr.lot_id.name,
                ncr.qty,
                ncr.product_uom_id.name,
                ncr.partner_id.display_name,
                ncr.workcenter_id.name,
                ", ".join(ncr.disposition_line_ids.mapped("display_name"))
                or self._qms_label(ncr, "disposition"),
                self._qms_label(ncr, "state"),
                ncr.capa_id.name,
                self._qms_label(ncr, "root_cause_category"),
                ncr.cost_scrap,
                ncr.cost_rework,
                ncr.cost_return,
                ncr.cost_extra,
                ncr.cost,
            ]
            for ncr in ncrs
        ]
        return headers, rows, (16, 17, 12, 10, 30, 16, 10, 8, 24, 18, 30, 10, 16, 14) + (12,) * 5

    def _qms_capa_register(self):
        # The CAPAs opened in the period.
        capas = self.env["qms.capa"].search(self._qms_period_domain("create_date"), order="id")
        headers = [
            self.env._("Reference"),
            self.env._("Title"),
            self.env._("Type"),
            self.env._("Partner"),
            self.env._("Step"),
            self.env._("Status"),
            self.env._("Team Leader"),
            self.env._("Opened On"),
            self.env._("Deadline"),
            self.env._("Closed On"),
            self.env._("On Time"),
            self.env._("Root Cause"),
            self.env._("Cause Category"),
            self.env._("Effectiveness"),
            self.env._("Open Actions"),
        ]
        rows = [
            [
                capa.name,
                capa.title,
                self._qms_label(capa, "capa_type"),
                capa.partner_id.display_name,
                self._qms_label(capa, "step"),
                self._qms_label(capa, "state"),
                capa.user_id.name,
                capa.create_date,
                capa.date_deadline,
                capa.date_closed,
                (self.env._("Yes") if capa.on_time else self.env._("No"))
                if capa.state == "done"
                else "",
                capa.root_cause,
                self._qms_label(capa, "root_cause_category"),
                self._qms_label(capa, "effectiveness"),
                capa.open_action_count,
            ]
            for capa in capas
        ]
        return headers, rows, (16, 36, 14, 24, 18, 10, 18, 17, 12, 17, 8, 40, 14, 12, 8)
