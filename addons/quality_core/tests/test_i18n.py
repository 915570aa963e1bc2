# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import os

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import PoFileReader

from .common import SUITE


@tagged("post_install", "-at_install")
class TestChineseCatalogues(TransactionCase):
    """The suite speaks Chinese wherever it speaks: every term of each module's template."""

    def test_every_template_term_has_its_chinese_translation(self):
        for module in SUITE:
            with self.subTest(module=module):
                folder = os.path.join(get_module_path(module), "i18n")
                catalogue = os.path.join(folder, "zh_CN.po")
                self.assertTrue(os.path.exists(catalogue), f"{module} has no zh_CN.po")
                with open(catalogue, "rb") as po:
                    translated = {
                        entry["src"] for entry in PoFileReader(po) if entry["value"].strip()
                    }
                with open(os.path.join(folder, f"{module}.pot"), "rb") as pot:
                    terms = {entry["src"] for entry in PoFileReader(pot)}
                self.assertEqual(sorted(terms - translated), [], f"untranslated in {module}")

    def test_menus_and_demo_test_names_load_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        modules = self.env["ir.module.module"].search([("name", "in", SUITE)])
        modules._update_translations(["zh_CN"], overwrite=True)
        chinese = self.env["ir.ui.menu"].with_context(lang="zh_CN")
        for xmlid in ("quality_capa.quality_capa_menu", "quality_capa.qms_inspection_failed_menu"):
            name = chinese.browse(self.env.ref(xmlid).id).name
            self.assertTrue(any("\u4e00" <= char <= "\u9fff" for char in name), (xmlid, name))
        # Demo tests (not installed here) are translated in the catalogue, as Odoo's demo is.
        with open(os.path.join(get_module_path("quality_core"), "i18n", "zh_CN.po"), "rb") as po:
            demo_tests = {
                entry["src"]: entry["value"]
                for entry in PoFileReader(po)
                if entry["type"] == "model" and entry["name"] == "qms.test,name"
            }
        self.assertIn("Length", demo_tests)
        self.assertTrue(all(demo_tests.values()), demo_tests)
