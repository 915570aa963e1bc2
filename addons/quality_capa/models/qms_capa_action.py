# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class QmsCapaAction(models.Model):
    """A containment, corrective or preventive action of a CAPA, with its owner and deadline."""

    _name = "qms.capa.action"
    _description = "CAPA Action"
    _inherit = ["mail.thread", "mail.activity.mixin", "qms.protected.mixin"]
    _order = "date_deadline, id"
    _qms_protected_fields = frozenset({"state", "date_done", "escalation"})

    capa_id = fields.Many2one("qms.capa", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="capa_id.company_id", store=True, index=True)
    action_type = fields.Selection(
        [
            ("containment", "Containment"),
            ("corrective", "Corrective"),
            ("preventive", "Preventive"),
        ],
        string="Type",
        required=True,
        default="corrective",
    )
    name = fields.Char(string="Action", required=True, tracking=True)
    user_id = fields.Many2one(
        "res.users", string="Owner", required=True, default=lambda self: self.env.user,
        tracking=True,
    )  # fmt: skip
    date_deadline = fields.Date(string="Deadline", required=True, tracking=True)
    state = fields.Selection(
        [("open", "Open"), ("done", "Done")],
        required=True,
        default="open",
        readonly=True,
        tracking=True,
    )
    date_done = fields.Date(readonly=True)
    result = fields.Text(help="What was done, and its evidence.")
    escalation = fields.Selection(
        [("owner", "Owner Reminded"), ("manager", "Quality Manager Alerted")],
        readonly=True,
        help="Overdue: the owner got an activity, then the Quality Managers.",
    )
    is_late = fields.Boolean(compute="_compute_is_late", search="_search_is_late", string="Late")

    @api.depends("date_deadline", "state")
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for action in self:
            action.is_late = action.state == "open" and action.date_deadline < today

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search late actions with = True or = False."))
        late = [("state", "=", "open"), ("date_deadline", "<", fields.Date.context_today(self))]
        return late if (operator == "=") == value else ["!", "&", *late]

    @api.model_create_multi
    def create(self, vals_list):
        actions = super().create(vals_list)
        actions.capa_id._qms_check_open_for_actions()
        return actions

    def write(self, vals):
        if not self._qms_actions_writing():
            done = self.filtered(lambda a: a.state == "done")
            if done and set(vals) - {"result"}:
                raise UserError(
                    self.env._(
                        "Actions %(actions)s are done: only their result can be completed.",
                        actions=", ".join(done.mapped("name")),
                    )
                )
            self.capa_id._qms_check_open_for_actions()
            if not self.env.su and not self.env.user.has_group("quality_capa.group_qms_capa_user"):
                foreign = self.filtered(lambda a: a.user_id != self.env.user)
                if foreign or set(vals) - {"result"}:
                    raise AccessError(
                        self.env._(
                            "An action's owner records its result; the rest of %(actions)s is "
                            "for CAPA Owners.",
                            actions=", ".join(self.sudo().mapped("name")),
                        )
                    )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_open_only(self):
        done = self.filtered(lambda a: a.state == "done")
        if done:
            raise UserError(
                self.env._(
                    "Actions %(actions)s are done: they stay in the CAPA's record.",
                    actions=", ".join(done.mapped("name")),
                )
            )
        self.capa_id._qms_check_open_for_actions()

    def _qms_actions_hint(self):
        return self.env._("Mark Done")

    def action_done(self):
        """Mark the actions done: their owner or a CAPA Owner."""
        user = self.env.user
        if not self.env.su and not user.has_group("quality_capa.group_qms_capa_user"):
            others = self.filtered(lambda a: a.user_id != user)
            if others:
                raise AccessError(
                    self.env._(
                        "Only their owner or a CAPA Owner can mark actions done: %(actions)s.",
                        actions=", ".join(others.sudo().mapped("name")),
                    )
                )
        already = self.filtered(lambda a: a.state == "done")
        if already:
            raise UserError(
                self.env._(
                    "Actions %(actions)s are already done.",
                    actions=", ".join(already.mapped("name")),
                )
            )
        self.capa_id._qms_check_open_for_actions()
        self.sudo()._qms_write(
            {"state": "done", "date_done": fields.Date.context_today(self), "escalation": False}
        )
        self.sudo().activity_unlink(["quality_capa.mail_activity_capa_action_overdue"])
        return True

    @api.model
    def _cron_escalate_overdue(self):
        """Overdue actions: an activity for the owner; a week later, for the Quality Managers."""
        today = fields.Date.context_today(self)
        activity_type = "quality_capa.mail_activity_capa_action_overdue"
        overdue = self.sudo().search([("state", "=", "open"), ("date_deadline", "<", today)])
        managers = self.env.ref("quality_core.group_qms_manager").sudo().users
        for action in overdue:
            days = (today - action.date_deadline).days
            if not action.escalation:
                action.activity_schedule(
                    activity_type,
                    user_id=action.user_id.id,
                    note=self.env._(
                        "%(action)s (%(capa)s) was due on %(date)s.",
                        action=action.name,
                        capa=action.capa_id.name,
                        date=action.date_deadline,
                    ),
                )
                action._qms_write({"escalation": "owner"})
            elif action.escalation == "owner" and days >= 7:
                for manager in managers.filtered(
                    lambda u, company=action.company_id: company in u.company_ids
                ):
                    action.activity_schedule(
                        activity_type,
                        user_id=manager.id,
                        note=self.env._(
                            "%(action)s (%(capa)s), owned by %(owner)s, is %(days)s days late.",
                            action=action.name,
                            capa=action.capa_id.name,
                            owner=action.user_id.name,
                            days=days,
                        ),
                    )
                action._qms_write({"escalation": "manager"})
        return True
