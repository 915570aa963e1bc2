# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .qms_protected_mixin import MANAGER_GROUP

PASS_FAIL = [("pass", "Pass"), ("fail", "Fail")]
# What a calibration records: set and closed by those who may release a gauge for use.
CALIBRATION_FIELDS = frozenset(
    {
        "qms_as_found",
        "qms_as_found_reading",
        "qms_as_left",
        "qms_as_left_reading",
        "qms_calibration_result",
        "qms_certificate",
    }
)
CALIBRATOR_GROUPS = (MANAGER_GROUP, "maintenance.group_equipment_manager")


class MaintenanceRequest(models.Model):
    """Calibration of a gauge: a preventive request on measuring equipment, closed with its
    result. Closing it (a done stage) updates the calibration state of the gauge."""

    _inherit = "maintenance.request"

    qms_is_calibration = fields.Boolean(
        "Calibration",
        compute="_compute_qms_is_calibration",
        store=True,
        help="A preventive request on measuring equipment.",
    )
    qms_as_found = fields.Selection(
        PASS_FAIL, "As Found", tracking=True, help="The gauge as it came in, before adjustment."
    )
    qms_as_found_reading = fields.Char(
        "As Found Reading", help="What the gauge read on the reference standard, as found."
    )
    qms_as_left = fields.Selection(
        PASS_FAIL, "As Left", tracking=True, help="The gauge as it leaves, after adjustment."
    )
    qms_as_left_reading = fields.Char(
        "As Left Reading", help="What the gauge read on the reference standard, as left."
    )
    qms_calibration_result = fields.Selection(
        PASS_FAIL,
        "Calibration Result",
        tracking=True,
        help="Required to close the calibration. A failed calibration makes the gauge unusable "
        "and lists the inspections made with it since its last passed calibration.",
    )
    qms_certificate = fields.Binary("Calibration Certificate", attachment=True, copy=False)
    qms_certificate_filename = fields.Char("Certificate File Name", copy=False)

    @api.depends("maintenance_type", "equipment_id.category_id.qms_is_calibration")
    def _compute_qms_is_calibration(self):
        for request in self:
            request.qms_is_calibration = (
                request.maintenance_type == "preventive"
                and request.equipment_id.category_id.qms_is_calibration
            )

    def copy_data(self, default=None):
        """A recurring calibration is copied by Odoo when closed: the next one starts blank."""
        default = dict(default or {})
        for name in ("qms_as_found", "qms_as_left", "qms_calibration_result"):
            default.setdefault(name, False)
        for name in ("qms_as_found_reading", "qms_as_left_reading"):
            default.setdefault(name, False)
        return super().copy_data(default)

    def _qms_failed_calibrations(self):
        return self.filtered(
            lambda r: r.qms_is_calibration and r.done and r.qms_calibration_result == "fail"
        )

    def _qms_check_calibration_result(self):
        missing = self.filtered(
            lambda r: r.qms_is_calibration and r.done and not r.qms_calibration_result
        )
        if missing:
            raise UserError(
                self.env._(
                    "%(requests)s: record the calibration result (pass or fail) before closing "
                    "the calibration.",
                    requests=", ".join(missing.mapped("display_name")),
                )
            )

    def _qms_check_calibrator(self):
        """Only a Quality Manager or an Equipment Manager records or closes a calibration:
        closing one with a pass makes the gauge usable for inspections."""
        if self.env.su or any(self.env.user.has_group(group) for group in CALIBRATOR_GROUPS):
            return
        if self:
            raise AccessError(
                self.env._(
                    "Only a Quality Manager or an Equipment Manager can record or close the "
                    "calibration %(requests)s.",
                    requests=", ".join(self.mapped("display_name")),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        requests.filtered(
            lambda r: r.qms_is_calibration and (r.done or r.qms_calibration_result)
        )._qms_check_calibrator()
        requests._qms_check_calibration_result()
        requests._qms_failed_calibrations()._qms_on_failed()
        return requests

    def write(self, vals):
        done_before = {request: request.done for request in self}
        failed_before = self._qms_failed_calibrations()
        res = super().write(vals)
        self.filtered(
            lambda r: (
                r.qms_is_calibration
                and (CALIBRATION_FIELDS & set(vals) or r.done != done_before[r])
            )
        )._qms_check_calibrator()
        self._qms_check_calibration_result()
        (self._qms_failed_calibrations() - failed_before)._qms_on_failed()
        return res

    def _qms_on_failed(self):
        for request in self:
            request.equipment_id._qms_on_calibration_failed(request)
