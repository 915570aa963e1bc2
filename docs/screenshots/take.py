# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Screenshots of the real UI for the README, taken in headless Chromium.

Needs a running server with demo data (`make run`) and Playwright for Python with a Chromium
(`pip install playwright`; CHROMIUM can point to a system browser such as /usr/bin/chromium).

    python3 docs/screenshots/take.py --url http://localhost:8069 --db qms
"""

import argparse
import os
import pathlib
import time
import xmlrpc.client

from playwright.sync_api import sync_playwright

HERE = pathlib.Path(__file__).parent


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default="qms")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", default="admin")
    args = parser.parse_args()

    uid = xmlrpc.client.ServerProxy(f"{args.url}/xmlrpc/2/common").authenticate(
        args.db, args.user, args.password, {}
    )
    models = xmlrpc.client.ServerProxy(f"{args.url}/xmlrpc/2/object")

    def first(model, domain):
        ids = models.execute_kw(
            args.db, uid, args.password, model, "search", [domain], {"limit": 1}
        )
        if not ids:
            raise SystemExit(f"no {model} matches {domain}: load the demo data first")
        return ids[0]

    inspection = first("qms.inspection", [("picking_id", "!=", False), ("lot_id", "!=", False)])
    pages = {
        "inspection_form.png": (
            f"/odoo/action-quality_core.qms_inspection_action/{inspection}",
            ".o_form_view .o_field_one2many",
        ),
        "inspections_list.png": ("/odoo/action-quality_core.qms_inspection_action", ".o_list_view"),
        "lots_on_hold.png": ("/odoo/action-quality_core.stock_lot_action_qms_hold", ".o_list_view"),
    }
    rejected = first("qms.inspection", [("return_picking_id", "!=", False)])
    order = first("purchase.order", [("qms_inspection_ids", "!=", False)])
    pages.update(
        {
            "supplier_rejected_inspection.png": (
                f"/odoo/action-quality_supplier.qms_inspection_incoming_action/{rejected}",
                ".o_form_view .o_field_one2many",
            ),
            "supplier_purchase_order.png": (
                f"/odoo/action-purchase.purchase_form_action/{order}",
                ".o_form_view .oe_stat_button",
            ),
            "supplier_scorecards.png": (
                "/odoo/action-quality_supplier.qms_supplier_scorecard_action",
                ".o_graph_renderer canvas",
            ),
        }
    )
    ncr = first("qms.nonconformity", [("disposition_line_ids", "!=", False)])
    capa = first("qms.capa", [("state", "=", "open")])
    pages.update(
        {
            "capa_nonconformity.png": (
                f"/odoo/action-quality_capa.qms_nonconformity_action/{ncr}",
                ".o_form_view .oe_stat_button",
            ),
            "capa_8d_form.png": (
                f"/odoo/action-quality_capa.qms_capa_action/{capa}",
                ".o_form_view .o_notebook",
            ),
        }
    )
    # The control chart of a charted test, opened from its URL as after a reload.
    charted = models.execute_kw(
        args.db,
        uid,
        args.password,
        "qms.spc.limit",
        "search_read",
        [[]],
        {"fields": ["test_id", "product_id"], "limit": 1},
    )
    if charted:
        test, product = charted[0]["test_id"][0], charted[0]["product_id"][0]
        pages["spc_chart.png"] = (
            f"/odoo/action-quality_core.qms_spc_chart_action?test_id={test}&product_id={product}",
            ".o_qms_spc_main_canvas[data-points]",
        )
    inspector_user = first("res.users", [("login", "=", "inspector")])
    pages["user_quality_roles.png"] = (
        f"/odoo/action-base.action_res_users/{inspector_user}",
        ".o_form_view .o_notebook",
    )
    # The Quality overview, the app's first screen.
    pages["quality_overview.png"] = (
        "/odoo/action-quality_core.qms_overview_action",
        ".o_kanban_view .o_kanban_record",
    )
    # The Quality dashboard, picked in the Dashboards app's side panel.
    pages["quality_dashboard.png"] = (
        "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action",
        ".o_search_panel_category_value[data-name='Quality']",
        ".o_spreadsheet_dashboard_action .o_renderer canvas.o-scorecard",
    )

    def call(model, method, *params, **kwargs):
        return models.execute_kw(args.db, uid, args.password, model, method, list(params), kwargs)

    # Chinese installed, and a Chinese Quality Manager to read the Chinese pack.
    [chinese] = call("res.lang", "search", [("code", "=", "zh_CN")], context={"active_test": False})
    wizard = call("base.language.install", "create", {"lang_ids": [(6, 0, [chinese])]})
    call("base.language.install", "lang_install", [wizard])
    if not call("res.users", "search", [("login", "=", "qms_manager_zh")]):
        groups = [
            call("ir.model.data", "check_object_reference", module, name)[1]
            for module, name in (
                ("quality_core", "group_qms_manager"),
                ("stock", "group_stock_manager"),
            )
        ]
        call(
            "res.users",
            "create",
            {
                "name": "质量经理",
                "login": "qms_manager_zh",
                "password": "qms_manager_zh",
                "lang": "zh_CN",
                "tz": "Asia/Shanghai",
                "groups_id": [(4, group) for group in groups],
            },
        )
    # An audit pack of the year so far, generated in English and in Chinese.
    packs = {}
    for lang in ("en_US", "zh_CN"):
        pack = models.execute_kw(
            args.db,
            uid,
            args.password,
            "qms.audit.pack",
            "create",
            [{"date_from": time.strftime("%Y-01-01"), "date_to": time.strftime("%Y-%m-%d")}],
            {"context": {"lang": lang}},
        )
        models.execute_kw(
            args.db,
            uid,
            args.password,
            "qms.audit.pack",
            "action_generate",
            [[pack]],
            {"context": {"lang": lang}},
        )
        packs[lang] = pack
    pages["audit_pack.png"] = (
        f"/odoo/action-quality_core.qms_audit_pack_action/{packs['en_US']}",
        ".o_form_view .o_field_one2many .o_data_row",
    )
    # What the demo inspector sees (login inspector / inspector): the lot of an inspection.
    held_lot = first("stock.lot", [("qms_state", "in", ("pending", "blocked"))])
    inspector_pages = {
        "lot_form_inspector.png": (
            f"/odoo/action-quality_core.stock_lot_action_qms_hold/{held_lot}",
            ".o_form_view .o_form_sheet",
        ),
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM") or None,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        # The Chinese pack as a Chinese manager reads it (the demo's manager, in zh_CN).
        chinese_pages = {
            "audit_pack_zh.png": (
                f"/odoo/action-quality_core.qms_audit_pack_action/{packs['zh_CN']}",
                ".o_form_view .o_field_one2many .o_data_row",
            ),
        }
        for login, password, shots in (
            (args.user, args.password, pages),
            ("inspector", "inspector", inspector_pages),
            ("qms_manager_zh", "qms_manager_zh", chinese_pages),
        ):
            page = browser.new_page(viewport={"width": 1400, "height": 850})
            page.goto(f"{args.url}/web/login?db={args.db}")
            page.fill("input[name=login]", login)
            page.fill("input[name=password]", password)
            page.click("button[type=submit]")
            page.wait_for_url("**/odoo**")
            for filename, (path, selector, *then) in shots.items():
                page.goto(args.url + path)
                page.wait_for_selector(selector, state="visible")
                if then:  # click, then wait for what the click shows
                    page.click(selector)
                    page.wait_for_selector(then[0], state="visible")
                page.wait_for_timeout(1000)  # let the web client finish rendering
                page.screenshot(path=HERE / filename)
                print("wrote", HERE / filename)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
