# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

STEPS = [
    ("d0", "D0 Prepare"),
    ("d1", "D1 Team"),
    ("d2", "D2 Problem"),
    ("d3", "D3 Containment"),
    ("d4", "D4 Root Cause"),
    ("d5", "D5 Permanent Actions"),
    ("d6", "D6 Implement and Validate"),
    ("d7", "D7 Prevent Recurrence"),
    ("d8", "D8 Close"),
]
STEP_ORDER = [step for step, _label in STEPS]
EFFECTIVENESS_DELAY_PARAM = "quality_capa.effectiveness_delay_days"


class QmsCapa(models.Model):
    """A corrective or preventive action (or a supplier corrective action request) led with
    the 8D method: one step after the other, each with what it needs before the next."""

    _name = "qms.capa"
    _description = "CAPA (8D)"
    _inherit = [
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "qms.protected.mixin",
        "qms.signature.mixin",
    ]
    _order = "id desc"
    _check_company_auto = True
    _qms_protected_fields = frozenset(
        {
            "name",
            "step",
            "state",
            "date_closed",
            "date_implemented",
            "effectiveness",
            "date_effectiveness",
            "date_supplier_answer",
        }
    )
    # What closing signs: the problem, its cause, the actions taken and their effect.
    _qms_signed_fields = (
        "name",
        "title",
        "capa_type",
        "partner_id",
        "root_cause",
        "root_cause_category",
        "action_ids",
        "effectiveness",
        "state",
    )
    _qms_signed_methods = frozenset({"action_close"})

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="New", index=True
    )
    title = fields.Char(required=True, tracking=True)
    capa_type = fields.Selection(
        [
            ("corrective", "Corrective"),
            ("preventive", "Preventive"),
            ("scar", "Supplier Corrective Action Request"),
        ],
        string="Type",
        required=True,
        default="corrective",
        tracking=True,
    )
    step = fields.Selection(
        STEPS, required=True, default="d0", readonly=True, tracking=True, group_expand=True
    )
    state = fields.Selection(
        [("open", "Open"), ("done", "Closed"), ("cancel", "Cancelled")],
        required=True,
        default="open",
        readonly=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Team Leader",
        default=lambda self: self.env.user,
        tracking=True,
        help="D1: who leads the team and answers for the CAPA.",
    )
    team_ids = fields.Many2many(
        "res.users", help="D1: the people who know the product and the process."
    )
    partner_id = fields.Many2one(
        "res.partner",
        index="btree_not_null",
        tracking=True,
        help="The vendor a supplier corrective action request goes to, or the customer.",
    )
    nonconformity_ids = fields.One2many("qms.nonconformity", "capa_id", string="Nonconformities")
    date_deadline = fields.Date(string="Deadline", tracking=True)
    # D2: the problem, 5W2H
    problem_what = fields.Text(string="What", help="D2: what is wrong, on which product.")
    problem_where = fields.Text(string="Where", help="D2: where it was found, where it arises.")
    problem_when = fields.Text(string="When", help="D2: when it was found, since when.")
    problem_who = fields.Text(string="Who", help="D2: who found it, who is affected.")
    problem_why = fields.Text(string="Why It Matters", help="D2: the effect on the customer.")
    problem_how = fields.Text(string="How", help="D2: how it was detected.")
    problem_how_many = fields.Text(string="How Many", help="D2: quantity, rate, lots affected.")
    # D3: containment
    containment_lot_ids = fields.Many2many(
        "stock.lot",
        string="Suspect Lots",
        check_company=True,
        help="D3: the lots to contain (quarantine) while the cause is found.",
    )
    # D4: root cause
    why_1 = fields.Char()
    why_2 = fields.Char()
    why_3 = fields.Char()
    why_4 = fields.Char()
    why_5 = fields.Char()
    root_cause = fields.Text(tracking=True, help="D4: the root cause found.")
    root_cause_category = fields.Selection(
        [
            ("man", "Man"),
            ("machine", "Machine"),
            ("material", "Material"),
            ("method", "Method"),
            ("measurement", "Measurement"),
            ("environment", "Environment"),
        ],
        string="Cause Category (6M)",
        tracking=True,
    )
    # D5-D7
    action_ids = fields.One2many("qms.capa.action", "capa_id", string="Actions")
    open_action_count = fields.Integer(compute="_compute_action_counts")
    validation = fields.Text(help="D6: how the permanent actions were shown to work.")
    prevention = fields.Text(
        string="Prevention of Recurrence",
        help="D7: what changes so that it can't happen again elsewhere (control plan, FMEA, "
        "control point, work instruction...).",
    )
    recognition = fields.Text(help="D8: the team's work recognised.")
    # A supplier corrective action request is answered by the vendor on the portal.
    supplier_containment = fields.Text(
        string="Vendor's Containment", help="D3 as the vendor answered it on the portal."
    )
    supplier_corrective = fields.Text(
        string="Vendor's Corrective Actions",
        help="D5 and D6 as the vendor answered them on the portal.",
    )
    date_scar_sent = fields.Datetime(string="Request Sent On", readonly=True, copy=False)
    date_supplier_answer = fields.Datetime(
        string="Vendor Answered On", readonly=True, copy=False, tracking=True
    )
    date_implemented = fields.Date(
        readonly=True, help="When D6 was completed: the effectiveness check waits from then."
    )
    date_effectiveness_due = fields.Date(
        string="Effectiveness Check Due",
        compute="_compute_date_effectiveness_due",
        store=True,
        help="The permanent actions are checked for effect no earlier than this date.",
    )
    effectiveness = fields.Selection(
        [("effective", "Effective"), ("not_effective", "Not Effective")],
        readonly=True,
        tracking=True,
    )
    effectiveness_note = fields.Text(readonly=True)
    date_effectiveness = fields.Date(string="Effectiveness Checked On", readonly=True)
    date_closed = fields.Datetime(readonly=True, copy=False)
    on_time = fields.Float(
        string="On Time (%)",
        compute="_compute_on_time",
        store=True,
        aggregator="avg",
        help="Closed CAPAs: 100 when closed by the deadline (or without one), else 0. Averaged "
        "over a group, the on-time rate.",
    )

    @api.depends("state", "date_closed", "date_deadline")
    def _compute_on_time(self):
        for capa in self:
            closed = capa.state == "done" and capa.date_closed
            late = closed and capa.date_deadline and capa.date_closed.date() > capa.date_deadline
            capa.on_time = 0.0 if not closed or late else 100.0

    def _compute_access_url(self):
        for capa in self:
            capa.access_url = "/my/scar/%s" % capa.id

    @api.depends("date_implemented")
    def _compute_date_effectiveness_due(self):
        delay = self._qms_effectiveness_delay()
        for capa in self:
            capa.date_effectiveness_due = (
                capa.date_implemented + timedelta(days=delay) if capa.date_implemented else False
            )

    @api.model
    def _qms_effectiveness_delay(self):
        value = self.env["ir.config_parameter"].sudo().get_param(EFFECTIVENESS_DELAY_PARAM, "30")
        try:
            return max(int(value), 0)
        except ValueError:
            return 30

    @api.depends("action_ids.state")
    def _compute_action_counts(self):
        for capa in self:
            capa.open_action_count = len(capa.action_ids.filtered(lambda a: a.state == "open"))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        capas = super().create(vals_list)
        capas._qms_name_from_sequence("qms.capa")
        capas._qms_check_scar_partner()
        return capas

    def _qms_check_write(self, vals):
        closed = self.filtered(lambda capa: capa.state != "open")
        if closed:
            raise UserError(
                self.env._(
                    "%(capas)s are closed or cancelled: they can't be changed.",
                    capas=", ".join(closed.mapped("name")),
                )
            )
        return super()._qms_check_write(vals)

    def write(self, vals):
        res = super().write(vals)
        if {"capa_type", "partner_id"} & set(vals):
            self._qms_check_scar_partner()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_never_after_d0(self):
        started = self.filtered(lambda capa: capa.step != "d0" or capa.state != "open")
        if started:
            raise UserError(
                self.env._(
                    "%(capas)s went past D0: cancel them instead of deleting them.",
                    capas=", ".join(started.mapped("name")),
                )
            )

    def _qms_check_scar_partner(self):
        for capa in self.filtered(lambda c: c.capa_type == "scar" and not c.partner_id):
            raise UserError(
                self.env._(
                    "%(capa)s is a supplier corrective action request: say which vendor it "
                    "goes to.",
                    capa=capa.name,
                )
            )

    def _qms_actions_hint(self):
        return self.env._("Next Step, Check Effectiveness, Close, Cancel")

    def _qms_check_open_for_actions(self):
        closed = self.filtered(lambda capa: capa.state != "open")
        if closed:
            raise UserError(
                self.env._(
                    "%(capas)s are closed or cancelled: their actions can't change.",
                    capas=", ".join(closed.mapped("name")),
                )
            )

    # ------------------------------------------------------------------
    # Steps and their gates
    # ------------------------------------------------------------------
    def _qms_missing_for_step(self):
        """What this CAPA still needs before it leaves its step (a list of texts)."""
        self.ensure_one()
        check = getattr(self, "_qms_missing_%s" % self.step, None)
        return check() if check else []

    @staticmethod
    def _qms_blank(value):
        return not (value or "").strip()

    def _qms_missing_d1(self):
        missing = [] if self.user_id else [self.env._("a team leader")]
        return missing + ([] if self.team_ids else [self.env._("the team")])

    def _qms_missing_d2(self):
        names = ("problem_what", "problem_where", "problem_when", "problem_how_many")
        return [
            self._fields[name]._description_string(self.env)
            for name in names
            if self._qms_blank(self[name])
        ]

    def _qms_missing_d3(self):
        if self.action_ids.filtered(lambda a: a.action_type == "containment"):
            return []
        return [self.env._("a containment action")]

    def _qms_missing_d4(self):
        missing = []
        if self._qms_blank(self.root_cause):
            missing.append(self.env._("the root cause"))
        if not self.root_cause_category:
            missing.append(self.env._("its 6M category"))
        if self._qms_blank(self.why_1):
            missing.append(self.env._("the first why of the 5-Why chain"))
        return missing

    def _qms_missing_d5(self):
        if self.action_ids.filtered(lambda a: a.action_type == "corrective"):
            return []
        return [self.env._("a permanent corrective action")]

    def _qms_missing_d6(self):
        missing = []
        open_corrective = self.action_ids.filtered(
            lambda a: a.action_type == "corrective" and a.state != "done"
        )
        if open_corrective:
            missing.append(
                self.env._(
                    "corrective actions done (open: %(actions)s)",
                    actions=", ".join(open_corrective.mapped("name")),
                )
            )
        if self._qms_blank(self.validation):
            missing.append(self.env._("the validation of the actions"))
        return missing

    def _qms_missing_d7(self):
        if self._qms_blank(self.prevention):
            return [self.env._("the prevention of recurrence")]
        return []

    def action_next_step(self):
        """Go to the next 8D step once the current one has what it needs (CAPA Owner)."""
        self._qms_check_owner(self.env._("move CAPAs to their next step"))
        for capa in self:
            if capa.state != "open":
                raise UserError(self.env._("%(capa)s is not open.", capa=capa.name))
            if capa.step == "d8":
                raise UserError(
                    self.env._(
                        "%(capa)s is at D8: close it (signed) once its effectiveness is checked.",
                        capa=capa.name,
                    )
                )
            missing = capa._qms_missing_for_step()
            if missing:
                raise UserError(
                    self.env._(
                        "%(capa)s can't leave %(step)s yet: it needs %(missing)s.",
                        capa=capa.name,
                        step=dict(STEPS)[capa.step],
                        missing="; ".join(missing),
                    )
                )
            vals = {"step": STEP_ORDER[STEP_ORDER.index(capa.step) + 1]}
            if capa.step == "d6":
                vals["date_implemented"] = fields.Date.context_today(self)
            capa._qms_write(vals)
        return True

    def action_check_effectiveness(self, effectiveness, note):
        """Record whether the permanent actions worked, once the delay has passed (Quality
        Manager). Not effective sends the CAPA back to D4 to find the real cause."""
        action = self.env._("check the effectiveness of CAPAs")
        note = self._qms_check_manager_reason(self, note, action)
        if effectiveness not in ("effective", "not_effective"):
            raise UserError(
                self.env._(
                    'Effectiveness is "effective" or "not_effective", not "%(value)s".',
                    value=effectiveness,
                )
            )
        today = fields.Date.context_today(self)
        for capa in self:
            if capa.state != "open" or STEP_ORDER.index(capa.step) < STEP_ORDER.index("d7"):
                raise UserError(
                    self.env._(
                        "%(capa)s: the effectiveness is checked once the actions are "
                        "implemented and validated (D7 or D8).",
                        capa=capa.name,
                    )
                )
            if capa.date_effectiveness_due and today < capa.date_effectiveness_due:
                raise UserError(
                    self.env._(
                        "%(capa)s: the effectiveness can be checked from %(date)s, %(days)s days "
                        "after the actions were implemented.",
                        capa=capa.name,
                        date=capa.date_effectiveness_due,
                        days=self._qms_effectiveness_delay(),
                    )
                )
            vals = {
                "effectiveness": effectiveness,
                "effectiveness_note": note,
                "date_effectiveness": today,
            }
            if effectiveness == "not_effective":
                vals.update(step="d4", date_implemented=False)
            capa._qms_write(vals)
        return True

    def action_qms_effective(self, note):
        """Effectiveness checked: the actions worked (the reason wizard's entry point)."""
        return self.action_check_effectiveness("effective", note)

    def action_qms_not_effective(self, note):
        """Effectiveness checked: the actions didn't work, back to D4."""
        return self.action_check_effectiveness("not_effective", note)

    def action_close(self, password=None):
        """D8: close the CAPA (Quality Manager, signed), with every action done and the
        effectiveness checked and found effective."""
        action = self.env._("close CAPAs")
        self._qms_check_manager(self, action)
        for capa in self:
            problems = []
            if capa.state != "open":
                problems.append(self.env._("it is not open"))
            if capa.step != "d8":
                problems.append(
                    self.env._("it is at %(step)s, not D8", step=dict(STEPS)[capa.step])
                )
            open_actions = capa.action_ids.filtered(lambda a: a.state != "done")
            if open_actions:
                problems.append(
                    self.env._(
                        "actions are open: %(actions)s",
                        actions=", ".join(open_actions.mapped("name")),
                    )
                )
            if capa.effectiveness != "effective":
                problems.append(
                    self.env._("the effectiveness check hasn't found the actions effective")
                )
            if problems:
                raise UserError(
                    self.env._(
                        "%(capa)s can't be closed: %(problems)s.",
                        capa=capa.name,
                        problems="; ".join(problems),
                    )
                )
        self._qms_check_signer(password, action)
        self._qms_write({"state": "done", "date_closed": fields.Datetime.now()})
        self._qms_add_signatures(action, None, "approval")
        return True

    def action_cancel(self, reason):
        """Cancel CAPAs (Quality Manager), with a reason kept in their history."""
        action = self.env._("cancel CAPAs")
        reason = self._qms_check_manager_reason(self, reason, action)
        not_open = self.filtered(lambda capa: capa.state != "open")
        if not_open:
            raise UserError(
                self.env._(
                    "Only open CAPAs can be cancelled: %(capas)s are not.",
                    capas=", ".join(not_open.mapped("name")),
                )
            )
        self._qms_write({"state": "cancel"})
        for capa in self:
            capa.message_post(body=self.env._("Cancelled: %(reason)s", reason=reason))
        return True

    def _qms_check_owner(self, action):
        if self.env.su or self.env.user.has_group("quality_capa.group_qms_capa_user"):
            return
        raise AccessError(
            self.env._(
                "Only a CAPA Owner can %(action)s (%(capas)s).",
                action=action,
                capas=", ".join(self.sudo().mapped("name")),
            )
        )

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_contain_lots(self):
        """D3 in one click: a recall of the suspect lots (quality_trace) computes every lot made
        from them and quarantines what is in stock (Quality Manager). Returns the recall's form.
        """
        self.ensure_one()
        self._qms_check_manager(self, self.env._("quarantine the suspect lots of a CAPA"))
        if "qms.recall" not in self.env:
            raise UserError(
                self.env._(
                    "Containing lots through a recall needs the Quality Traceability module "
                    "(quality_trace)."
                )
            )
        if not self.containment_lot_ids:
            raise UserError(
                self.env._("%(capa)s: list the suspect lots first (D3).", capa=self.name)
            )
        recall = self.env["qms.recall"].create(
            {
                "description": self.env._(
                    "Containment of %(capa)s: %(title)s", capa=self.name, title=self.title
                ),
                "company_id": self.company_id.id,
                "lot_ids": [(6, 0, self.containment_lot_ids.ids)],
            }
        )
        recall.action_compute()
        recall.action_quarantine()
        self.message_post(
            body=self.env._(
                "Suspect lots contained by recall %(recall)s.", recall=recall.display_name
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "qms.recall",
            "res_id": recall.id,
            "view_mode": "form",
        }

    def action_send_scar(self):
        """Send the supplier corrective action request to the vendor by email, with the link
        to answer it on the portal (CAPA Owner). The vendor follows the request."""
        self._qms_check_owner(self.env._("send supplier corrective action requests"))
        template = self.env.ref("quality_capa.mail_template_scar")
        for capa in self:
            if capa.capa_type != "scar" or capa.state != "open":
                raise UserError(
                    self.env._(
                        "%(capa)s is not an open supplier corrective action request.",
                        capa=capa.name,
                    )
                )
            if not capa.partner_id.email:
                raise UserError(
                    self.env._(
                        "%(capa)s: %(vendor)s has no email address to send the request to.",
                        capa=capa.name,
                        vendor=capa.partner_id.display_name,
                    )
                )
            capa._portal_ensure_token()
            capa.message_subscribe(partner_ids=capa.partner_id.ids)
            capa.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
            capa._qms_write({"date_scar_sent": fields.Datetime.now()})
        return True

    def _qms_supplier_answer(self, answer, attachments, author):
        """Record the vendor's answer from the portal (sudo, after the portal's access check):
        the D3-D7 fields, the files, a message and an activity for the team leader."""
        self.ensure_one()
        if self.state != "open" or self.capa_type != "scar":
            raise UserError(self.env._("%(capa)s no longer takes answers.", capa=self.name))
        categories = dict(self._fields["root_cause_category"].selection)
        if answer.get("root_cause_category") and answer["root_cause_category"] not in categories:
            raise UserError(
                self.env._(
                    "%(value)s is not a cause category.", value=answer["root_cause_category"]
                )
            )
        if not (answer.get("root_cause") or "").strip():
            raise UserError(self.env._("Give the root cause you found (D4)."))
        self.write({name: value for name, value in answer.items() if value})
        self._qms_write({"date_supplier_answer": fields.Datetime.now()})
        files = self.env["ir.attachment"].create(
            [
                {
                    "name": name,
                    "datas": datas,
                    "res_model": self._name,
                    "res_id": self.id,
                }
                for name, datas in attachments
            ]
        )
        self.message_post(
            body=self.env._("%(vendor)s answered the request on the portal.", vendor=author.name),
            author_id=author.id,
            attachment_ids=files.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=self.user_id.id or self.env.uid,
            summary=self.env._("Review the vendor's answer"),
        )
        return True

    def action_open_close_wizard(self):
        self.ensure_one()
        return self.env["qms.signature.wizard"]._qms_open(
            self,
            "action_close",
            self.env._("Close %(capa)s", capa=self.name),
            self.env._(
                "%(capa)s: %(title)s. Root cause: %(cause)s",
                capa=self.name,
                title=self.title,
                cause=self.root_cause or "-",
            ),
        )

    def action_open_cancel_wizard(self):
        return self.env["qms.reason.wizard"]._qms_open(self, "capa_cancel")

    def action_open_effectiveness_wizard(self):
        return self.env["qms.reason.wizard"]._qms_open(self, "capa_effective")

    def action_open_not_effective_wizard(self):
        return self.env["qms.reason.wizard"]._qms_open(self, "capa_not_effective")
