# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers import portal

# What the vendor answers on the portal: D3 to D7 of the 8D.
SCAR_ANSWER_FIELDS = (
    "supplier_containment",
    "why_1",
    "why_2",
    "why_3",
    "why_4",
    "why_5",
    "root_cause",
    "root_cause_category",
    "supplier_corrective",
    "validation",
    "prevention",
)


class ScarPortal(portal.CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "scar_count" in counters:
            Capa = request.env["qms.capa"]
            values["scar_count"] = (
                Capa.search_count([("capa_type", "=", "scar")]) if Capa.has_access("read") else 0
            )
        return values

    @http.route(["/my/scars"], type="http", auth="user", website=True)
    def portal_my_scars(self, **kw):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "scars": request.env["qms.capa"].search(
                    [("capa_type", "=", "scar")], order="id desc"
                ),
                "page_name": "scar",
            }
        )
        return request.render("quality_capa.portal_my_scars", values)

    def _qms_scar(self, capa_id, access_token):
        capa = self._document_check_access("qms.capa", capa_id, access_token)
        if capa.capa_type != "scar":
            raise MissingError(request.env._("This document does not exist."))
        return capa

    @http.route(["/my/scar/<int:capa_id>"], type="http", auth="public", website=True)
    def portal_my_scar(self, capa_id, access_token=None, message=None, **kw):
        try:
            capa = self._qms_scar(capa_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            capa, access_token, {"page_name": "scar", "message": message}, "my_scars_history",
            False,
        )  # fmt: skip
        values["categories"] = capa._fields["root_cause_category"]._description_selection(
            request.env
        )
        return request.render("quality_capa.portal_my_scar", values)

    @http.route(
        ["/my/scar/<int:capa_id>/answer"], type="http", auth="public", methods=["POST"],
        website=True,
    )  # fmt: skip
    def portal_my_scar_answer(self, capa_id, access_token=None, **post):
        try:
            capa = self._qms_scar(capa_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        files = request.httprequest.files.getlist("attachments")
        answer = {name: post.get(name) or False for name in SCAR_ANSWER_FIELDS}
        try:
            capa._qms_supplier_answer(
                answer,
                [(file.filename, base64.b64encode(file.read())) for file in files if file],
                request.env.user.partner_id,
            )
        except UserError as error:
            return request.redirect(
                capa.get_portal_url(query_string="&message=%s" % error.args[0][:200])
            )
        return request.redirect(capa.get_portal_url(query_string="&message=answered"))
