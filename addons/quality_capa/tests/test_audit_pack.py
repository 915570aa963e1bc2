# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from odoo.addons.quality_core.tests.common import audit_pack_csv

from .test_capa import CapaCommon


@tagged("post_install", "-at_install")
class TestCapaAuditPack(CapaCommon):
    def test_the_pack_holds_the_ncr_register_and_the_capas_closed_on_time(self):
        today = fields.Date.today()
        ncr = self._rejected().nonconformity_ids
        action = ncr.with_user(self.owner).action_create_capa()
        capa = self.env["qms.capa"].browse(action["res_id"])
        capa.date_deadline = today + timedelta(days=40)
        late = self._capa(date_deadline=today - timedelta(days=1))
        self._to(capa, "d8")
        with freeze_time(today + timedelta(days=31)):
            capa.with_user(self.manager).action_check_effectiveness("effective", "No repeat")
            capa.action_ids.filtered(lambda a: a.state == "open").with_user(
                self.owner
            ).action_done()
            capa.with_user(self.manager).action_close(password=self._pw(self.manager))
            pack = (
                self.env["qms.audit.pack"]
                .with_user(self.manager)
                .create({"date_from": today, "date_to": today + timedelta(days=31)})
            )
            pack.action_generate()
        nonconforming = pack.section_ids.filtered(lambda section: section.clause == "8.7")
        figures = dict(nonconforming.figures)
        self.assertEqual(figures["Nonconformities found"], "1")
        self.assertEqual(figures["Major"], "1")
        ncrs = audit_pack_csv(pack, "nonconforming-ncr-register")
        self.assertEqual([row[0] for row in ncrs[1:]], [ncr.name])
        self.assertEqual(ncrs[1][12], capa.name)
        corrective = pack.section_ids.filtered(lambda section: section.clause == "10.2")
        self.assertEqual(corrective.iatf_clause, "10.2.3, 10.2.4")
        figures = dict(corrective.figures)
        self.assertEqual(figures["CAPAs open during the period"], "2")
        self.assertEqual(figures["Closed in the period"], "1")
        self.assertEqual(figures["Closed on time (%)"], "100")
        self.assertEqual(figures["Found effective"], "1")
        self.assertEqual(figures["Open past their deadline at the end"], "1")
        capas = {row[0]: row for row in audit_pack_csv(pack, "corrective-capa-register")[1:]}
        self.assertEqual(capas[capa.name][11], "Yes")
        self.assertEqual(capas[capa.name][12], "Effective")
        self.assertEqual(capas[late.name][7], "Open")
        self.assertEqual(capas[late.name][11], "", "not closed: no on-time verdict")
