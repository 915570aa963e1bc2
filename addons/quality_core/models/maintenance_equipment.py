# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from .stock_lot import HELD_STATES

CALIBRATION_STATES = [("valid", "Valid"), ("due", "Due"), ("failed", "Failed")]


class MaintenanceEquipment(models.Model):
    """Gauges: equipment of a calibration category, calibrated by preventive maintenance.

    The calibration state is not stored: it depends on today's date as much as on the last
    calibration, and a stored value would be wrong from midnight until a cron ran again (an
    inspection recorded with an overdue gauge in between would pass). It is computed on the fly
    from two stored fields, the result of the last calibration and the due date, and searched
    through them (``_search_qms_calibration_state``), so domains, filters and the gauge pickers
    are exact at any time without a cron.
    """

    _inherit = "maintenance.equipment"

    qms_is_gauge = fields.Boolean(
        "Measuring Equipment", related="category_id.qms_is_calibration", store=True, index=True
    )
    qms_calibration_interval_days = fields.Integer(
        "Calibration Interval (days)",
        default=365,
        tracking=True,
        help="Days a passed calibration stays valid. Odoo 18 keeps the recurrence of preventive "
        "maintenance on each request (Repeat Every), not on the equipment: the interval of the "
        "gauge lives here.",
    )
    qms_last_calibration_request_id = fields.Many2one(
        "maintenance.request",
        "Last Calibration",
        compute="_compute_qms_last_calibration_request_id",
        store=True,
        help="The last calibration done: a preventive request closed with a result.",
    )
    qms_last_calibration = fields.Date(
        "Last Calibrated on", related="qms_last_calibration_request_id.close_date", store=True
    )
    qms_last_calibration_result = fields.Selection(
        related="qms_last_calibration_request_id.qms_calibration_result",
        string="Last Calibration Result",
        store=True,
    )
    qms_calibration_due = fields.Date(
        "Calibration Due",
        compute="_compute_qms_calibration_due",
        store=True,
        tracking=True,
        help="Last calibration plus the calibration interval: the gauge is due the day after.",
    )
    qms_calibration_state = fields.Selection(
        CALIBRATION_STATES,
        "Calibration State",
        compute="_compute_qms_calibration_state",
        search="_search_qms_calibration_state",
        help="Failed: the last calibration failed. Due: never calibrated, or past its due date. "
        "Valid otherwise.",
    )
    qms_suspect_line_ids = fields.Many2many(
        "qms.inspection.line",
        string="Suspect Results",
        compute="_compute_qms_suspect",
        help="Results recorded with the gauge since its last passed calibration before the "
        "last failed one (IATF 16949 §7.1.5.2.1).",
    )
    qms_suspect_inspection_count = fields.Integer(
        "Suspect Inspections", compute="_compute_qms_suspect"
    )

    _sql_constraints = [
        (
            "qms_calibration_interval_positive",
            "CHECK(qms_calibration_interval_days > 0)",
            "The calibration interval must be at least one day.",
        ),
    ]

    @api.depends(
        "maintenance_ids.stage_id.done",
        "maintenance_ids.close_date",
        "maintenance_ids.qms_calibration_result",
        "maintenance_ids.maintenance_type",
    )
    def _compute_qms_last_calibration_request_id(self):
        for equipment in self:
            equipment.qms_last_calibration_request_id = equipment._qms_calibrations()[:1]

    def _qms_calibrations(self, result=None):
        """The done calibrations of the gauge, the latest first (``result``: pass or fail)."""
        self.ensure_one()
        calibrations = self.maintenance_ids.filtered(
            lambda request: (
                request.done
                and request.maintenance_type == "preventive"
                and request.qms_calibration_result
                and (not result or request.qms_calibration_result == result)
            )
        )
        return calibrations.sorted(
            lambda request: (request.close_date or fields.Date.today(), request.id), reverse=True
        )

    @api.depends("qms_last_calibration", "qms_calibration_interval_days")
    def _compute_qms_calibration_due(self):
        for equipment in self:
            equipment.qms_calibration_due = equipment.qms_last_calibration and (
                equipment.qms_last_calibration
                + timedelta(days=equipment.qms_calibration_interval_days)
            )

    @api.depends("qms_last_calibration_result", "qms_calibration_due")
    def _compute_qms_calibration_state(self):
        today = fields.Date.context_today(self)
        for equipment in self:
            if equipment.qms_last_calibration_result == "fail":
                equipment.qms_calibration_state = "failed"
            elif not equipment.qms_calibration_due or today > equipment.qms_calibration_due:
                equipment.qms_calibration_state = "due"
            else:
                equipment.qms_calibration_state = "valid"

    @api.model
    def _qms_calibration_state_domain(self, state):
        today = fields.Date.context_today(self)
        if state == "failed":
            return [("qms_last_calibration_result", "=", "fail")]
        if state == "due":
            return [
                ("qms_last_calibration_result", "!=", "fail"),
                "|",
                ("qms_calibration_due", "=", False),
                ("qms_calibration_due", "<", today),
            ]
        return [
            ("qms_last_calibration_result", "!=", "fail"),
            ("qms_calibration_due", ">=", today),
        ]

    def _search_qms_calibration_state(self, operator, value):
        states = {key for key, _label in CALIBRATION_STATES}
        values = {value} if isinstance(value, str) else set(value or ())
        if operator not in ("=", "!=", "in", "not in") or not values <= states:
            raise UserError(
                self.env._(
                    "Calibration State: search with =, !=, in or not in and the states "
                    "%(states)s, not %(operator)s %(value)r.",
                    states=", ".join(sorted(states)),
                    operator=operator,
                    value=value,
                )
            )
        if operator in ("!=", "not in"):
            values = states - values
        return expression.OR(
            [self._qms_calibration_state_domain(state) for state in sorted(values)]
        )

    def _qms_state_label(self):
        self.ensure_one()
        return dict(self._fields["qms_calibration_state"]._description_selection(self.env))[
            self.qms_calibration_state
        ]

    def _qms_check_usable(self, where):
        """Refuse gauges that are not valid measuring equipment: ``where`` names the use."""
        for gauge in self.sudo():
            if not gauge.qms_is_gauge:
                raise ValidationError(
                    self.env._(
                        "%(where)s: %(gauge)s is not measuring equipment (its category is not a "
                        "calibration category).",
                        where=where,
                        gauge=gauge.display_name,
                    )
                )
            if gauge.qms_calibration_state != "valid":
                raise ValidationError(
                    self.env._(
                        "%(where)s: gauge %(gauge)s can't be used, its calibration is "
                        "%(state)s (due date: %(due)s).",
                        where=where,
                        gauge=gauge.display_name,
                        state=gauge._qms_state_label(),
                        due=gauge.qms_calibration_due or self.env._("never calibrated"),
                    )
                )

    # ------------------------------------------------------------------
    # Reverse trace of a failed calibration
    # ------------------------------------------------------------------
    def _qms_suspect_window(self):
        """(start, end) of the results put in doubt by the last failed calibration.

        From the day of the last passed calibration before it (from the start when there is
        none) to the day of the next passed calibration after it (still open when there is
        none). Whole days, so that results of the day of a passed calibration stay suspect:
        the close date doesn't say whether they came before or after it. ``None`` when no
        calibration failed.
        """
        self.ensure_one()
        failed = self._qms_calibrations("fail")[:1]
        if not failed:
            return None
        passed = self._qms_calibrations("pass")
        key = (failed.close_date, failed.id)
        before = passed.filtered(lambda r: (r.close_date, r.id) < key)[:1]
        after = passed.filtered(lambda r: (r.close_date, r.id) > key)[-1:]
        start = before and fields.Datetime.to_datetime(before.close_date)
        end = after and fields.Datetime.to_datetime(after.close_date) + timedelta(days=1)
        return start, end

    def _qms_suspect_lines(self):
        """Results of decided inspections recorded with the gauge in the suspect window."""
        self.ensure_one()
        window = self._qms_suspect_window()
        if window is None:
            return self.env["qms.inspection.line"]
        start, end = window
        domain = [("equipment_id", "=", self.id), ("inspection_id.state", "=", "done")]
        if start:
            domain.append(("inspection_id.date_done", ">=", start))
        if end:
            domain.append(("inspection_id.date_done", "<", end))
        return self.env["qms.inspection.line"].sudo().search(domain)

    def _qms_suspect_inspections(self):
        self.ensure_one()
        return self._qms_suspect_lines().inspection_id

    def _qms_suspect_released_lots(self):
        """Lots that suspect inspections accepted and that are not on hold (again)."""
        inspections = self._qms_suspect_inspections().filtered(
            lambda i: i.decision in ("accept", "concession")
        )
        return inspections.lot_id.filtered(lambda lot: lot.qms_state not in HELD_STATES)

    @api.depends("qms_last_calibration_request_id")
    def _compute_qms_suspect(self):
        for equipment in self:
            lines = (
                equipment._qms_suspect_lines()
                if equipment.id
                else equipment.env["qms.inspection.line"]
            )
            equipment.qms_suspect_line_ids = lines.with_env(self.env)
            equipment.qms_suspect_inspection_count = len(lines.inspection_id)

    def action_qms_view_suspect_inspections(self):
        self.env["qms.protected.mixin"]._qms_check_single(
            self, self.env._("Opening the suspect inspections")
        )
        inspections = self._qms_suspect_inspections().with_env(self.env)
        action = inspections._qms_action_view({"create": False})
        action["name"] = self.env._("Suspect Inspections of %(gauge)s", gauge=self.display_name)
        return action

    def action_qms_open_hold_suspect_wizard(self):
        return self.env["qms.reason.wizard"]._qms_open(self, "hold_suspect")

    def action_qms_hold_suspect_lots(self, reason):
        """Put back on hold the lots released by inspections made with the gauge since its last
        passed calibration (Quality Manager, with a reason). Returns the ids of the lots."""
        Protected = self.env["qms.protected.mixin"]
        action = self.env._("hold the lots of suspect inspections")
        reason = Protected._qms_check_manager_reason(self, reason, action)
        Protected._qms_check_single(self, action)
        lots = self._qms_suspect_released_lots()
        if not lots:
            raise UserError(
                self.env._(
                    "Gauge %(gauge)s: no lot released by a suspect inspection is left to hold.",
                    gauge=self.display_name,
                )
            )
        lots.with_env(self.env).action_qms_block(
            self.env._(
                "Suspect after the failed calibration of %(gauge)s: %(reason)s",
                gauge=self.display_name,
                reason=reason,
            )
        )
        self.message_post(
            body=self.env._(
                "Lots put back on hold after the failed calibration: %(lots)s. Reason: %(reason)s",
                lots=", ".join(lots.mapped("display_name")),
                reason=reason,
            )
        )
        return lots.ids

    def _qms_on_calibration_failed(self, request):
        """Tell the quality team what a failed calibration puts in doubt: a message naming the
        suspect inspections and the lots they released, and an activity for each Quality
        Manager of the company."""
        self.ensure_one()
        gauge = self.sudo()
        inspections = gauge._qms_suspect_inspections()
        lots = gauge._qms_suspect_released_lots()
        none = self.env._("none")
        gauge.message_post(
            body=self.env._(
                "Calibration %(request)s failed. Inspections made with this gauge since its "
                "last passed calibration: %(inspections)s. Lots they released: %(lots)s.",
                request=request.display_name,
                inspections=", ".join(inspections.mapped("name")) or none,
                lots=", ".join(lots.mapped("display_name")) or none,
            )
        )
        managers = (
            self.env.ref("quality_core.group_qms_manager")
            .sudo()
            .users.filtered(
                lambda user: (
                    not user.share
                    and user.active
                    and not user._is_superuser()
                    and (not gauge.company_id or gauge.company_id in user.company_ids)
                )
            )
        )
        for manager in managers:
            gauge.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=manager.id,
                summary=self.env._("Failed calibration: review the suspect inspections"),
                note=self.env._(
                    "%(count)s inspections were made with %(gauge)s since its last passed "
                    "calibration; %(lots)s lots they released are not on hold. Review them and "
                    "hold the lots with Hold Suspect Lots if needed.",
                    count=len(inspections),
                    gauge=gauge.display_name,
                    lots=len(lots),
                ),
            )
