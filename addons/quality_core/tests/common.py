# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import csv
import io
import json
import re
import unicodedata
import xmlrpc.client
import zipfile
from contextlib import contextmanager
from datetime import datetime, timedelta

import openpyxl
from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import fields
from odoo.osv import expression
from odoo.tests import Form, HttpCase, TransactionCase, get_db_name, new_test_user
from odoo.tools import config, format_date
from odoo.tools.pdf import PdfFileReader
from odoo.tools.safe_eval import safe_eval

from odoo.addons.base.models import ir_actions_report

from ..models.qms_control_point import WATCHED_TYPES_CACHE

SUITE = (
    "quality_core",
    "quality_supplier",
    "quality_trace",
    "quality_capa",
    "quality_capa_supplier",
    "quality_capa_sale",
    "quality_dashboard",
)
CHINESE = "zh_CN"
# A PDF is printed only where wkhtmltopdf is installed (CI installs it); HTML is no proof of fonts.
CAN_PRINT_PDF = ir_actions_report.wkhtmltopdf_state == "ok"


def second_company_manager(env, company_name, login):
    """Another company and its Quality Manager, who works in that company only."""
    company = env["res.company"].create({"name": company_name})
    manager = new_test_user(
        env,
        login=login,
        groups="stock.group_stock_manager,quality_core.group_qms_manager",
        company_id=company.id,
        company_ids=[(6, 0, company.ids)],
    )
    return company, manager


def audit_pack_files(pack):
    """The files of ``pack``'s ZIP, in their order: ``{name: bytes}``."""
    with zipfile.ZipFile(io.BytesIO(base64.b64decode(pack.attachment_id.datas))) as zipped:
        return {name: zipped.read(name) for name in zipped.namelist()}


def xlsx_rows(data, sheet=0):
    """The rows of a sheet (its index or name) of an XLSX file, as lists of values."""
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    worksheet = workbook.worksheets[sheet] if isinstance(sheet, int) else workbook[sheet]
    return [list(row) for row in worksheet.iter_rows(values_only=True)]


def audit_pack_evidence(pack, section, sheet=0):
    """The rows of a sheet of the evidence file of ``pack``'s ``section`` (its name, e.g.
    ``release``)."""
    files = audit_pack_files(pack)
    names = [name for name in files if name.endswith("-%s.xlsx" % section)]
    assert len(names) == 1, "one evidence file for %s, got %s" % (section, list(files))
    return xlsx_rows(files[names[0]], sheet)


def audit_pack_csv(pack, name):
    """The rows of the CSV register ``name`` of ``pack`` (e.g. ``release-inspections``)."""
    files = audit_pack_files(pack)
    names = [file for file in files if file.endswith("-%s.csv" % name)]
    assert len(names) == 1, "one register %s, got %s" % (name, list(files))
    return list(csv.reader(io.StringIO(files[names[0]].decode("utf-8-sig"))))


class QmsCommon(TransactionCase):
    """Warehouse, lot-tracked products, tests and users shared by the quality tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.company = cls.env.company
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock = cls.warehouse.lot_stock_id
        cls.supplier_location = cls.env.ref("stock.stock_location_suppliers")
        cls.customer_location = cls.env.ref("stock.stock_location_customers")
        cls.type_in = cls.warehouse.in_type_id
        cls.type_out = cls.warehouse.out_type_id
        cls.type_mrp = cls.warehouse.manu_type_id
        cls.vendor = cls.env["res.partner"].create({"name": "QMS Test Vendor"})
        cls.customer = cls.env["res.partner"].create({"name": "QMS Test Customer"})
        cls.category = cls.env["product.category"].create({"name": "QMS Raw Materials"})
        cls.product_lot = cls.env["product.product"].create(
            {
                "name": "QMS Rod",
                "is_storable": True,
                "tracking": "lot",
                "categ_id": cls.category.id,
            }
        )
        cls.product_plain = cls.env["product.product"].create(
            {"name": "QMS Washer", "is_storable": True}
        )
        cls.test_visual = cls.env["qms.test"].create(
            {"name": "Visual check", "test_type": "passfail"}
        )
        cls.test_diameter = cls.env["qms.test"].create(
            {
                "name": "Diameter",
                "test_type": "measure",
                "norm": 10.0,
                "tolerance_min": 9.9,
                "tolerance_max": 10.1,
            }
        )
        cls.inspector = new_test_user(
            cls.env,
            login="qms_inspector",
            groups="stock.group_stock_user,quality_core.group_qms_user",
        )
        cls.manager = new_test_user(
            cls.env,
            login="qms_manager",
            groups="stock.group_stock_manager,quality_core.group_qms_manager",
        )

    def setUp(self):
        super().setUp()
        # The operation types watched by control points are cached per transaction and dropped
        # on commit or rollback; a test ends with a rollback to a savepoint, which doesn't tell.
        self.env.cr.cache.pop(WATCHED_TYPES_CACHE, None)

    @staticmethod
    def _pw(who):
        """The password ``new_test_user`` gave a user (or the user of a recordset): to sign."""
        user = who if who._name == "res.users" else who.env.user
        return user.login + "x" * (8 - len(user.login))

    def _xmlrpc(self, user, model, method, *args, **kwargs):
        """``execute_kw`` over XML-RPC as ``user`` (its ``new_test_user`` password), as an
        external script calls; for test classes that are also an ``HttpCase`` (a live server).
        A refusal arrives as ``xmlrpc.client.Fault``."""
        proxy = xmlrpc.client.ServerProxy(
            "http://127.0.0.1:%s/xmlrpc/2/object" % config["http_port"]
        )
        return proxy.execute_kw(
            get_db_name(), user.id, self._pw(user), model, method, list(args), kwargs
        )

    @contextmanager
    def assertRefused(self, exception, regex):
        """Expect ``exception`` with a message matching ``regex``, and roll back what the refused
        call wrote, as Odoo does with a request's transaction (``assertRaisesRegex`` does not):
        assertions made afterwards see what really stays in the database.
        """
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertRegex(str(catcher.exception), regex)

    @classmethod
    def _control_point(cls, picking_type, timing="after", **vals):
        return cls.env["qms.control.point"].create(
            {
                "name": "CP %s %s" % (", ".join(picking_type.mapped("name")), timing),
                "picking_type_ids": [(6, 0, picking_type.ids)],
                "test_ids": [(6, 0, (cls.test_visual | cls.test_diameter).ids)],
                "timing": timing,
                **vals,
            }
        )

    @classmethod
    def _receipt(cls, lines, partner=None):
        """Validate a receipt; ``lines`` are (product, qty) or (product, {lot_name: qty})."""
        picking = cls._picking(cls.type_in, cls.supplier_location, cls.stock, lines, partner)
        picking.button_validate()
        return picking

    @classmethod
    def _picking(cls, picking_type, source, dest, lines, partner=None):
        """A confirmed transfer; lot quantities become move lines.

        A lot is given by its name (received lots) or as a ``stock.lot`` record.
        """
        picking = cls.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "location_id": source.id,
                "location_dest_id": dest.id,
                "partner_id": (partner or cls.vendor).id,
            }
        )
        for product, quantities in lines:
            lots = quantities if isinstance(quantities, dict) else {}
            move = cls.env["stock.move"].create(
                {
                    "name": product.name,
                    "picking_id": picking.id,
                    "product_id": product.id,
                    "product_uom_qty": sum(lots.values()) if lots else quantities,
                    "product_uom": product.uom_id.id,
                    "location_id": source.id,
                    "location_dest_id": dest.id,
                }
            )
            if lots:
                move._action_confirm()
                move.move_line_ids.unlink()
                cls.env["stock.move.line"].create(
                    [
                        {
                            "move_id": move.id,
                            "picking_id": picking.id,
                            "product_id": product.id,
                            **cls._lot_vals(lot),
                            "quantity": qty,
                            "location_id": source.id,
                            "location_dest_id": dest.id,
                        }
                        for lot, qty in lots.items()
                    ]
                )
        picking.action_confirm()
        return picking

    @staticmethod
    def _lot_vals(lot):
        if isinstance(lot, str):
            return {"lot_name": lot}
        return {"lot_id": lot.id}

    @classmethod
    def _delivery(cls, lines, customer=None):
        return cls._picking(
            cls.type_out, cls.stock, cls.customer_location, lines, customer or cls.customer
        )

    @classmethod
    def _record(cls, inspection, value=10.0, answer="pass"):
        for line in inspection.line_ids:
            if line.test_type == "measure":
                line.value = value
            else:
                line.answer = answer

    @classmethod
    def _decide(cls, inspection, user, value=10.0, answer="pass"):
        """Record the results of ``inspection`` as ``user`` and apply the default decision."""
        inspection = inspection.with_user(user)
        cls._record(inspection, value=value, answer=answer)
        inspection.action_done()
        return inspection.with_user(cls.env.user)

    @classmethod
    def _lot(cls, product, name, qty=0.0, location=None):
        """A lot with ``qty`` units put straight into ``location`` (stock by default)."""
        lot = cls.env["stock.lot"].create({"name": name, "product_id": product.id})
        if qty:
            cls.env["stock.quant"]._update_available_quantity(
                product, location or cls.stock, qty, lot_id=lot
            )
        return lot

    def _on_hand(self, product, location, lot=None):
        """Quantity of ``product`` (of ``lot``) in ``location`` itself."""
        quants = self.env["stock.quant"].search(
            [
                ("product_id", "=", product.id),
                ("location_id", "=", location.id),
                ("lot_id", "=", lot.id if lot else False),
            ]
        )
        return sum(quants.mapped("quantity"))

    def _validate_with_backorder(self, picking):
        """Validate a partly processed transfer and answer "Create backorder" in the wizard."""
        action = picking.button_validate()
        self.assertIsInstance(action, dict, "a partial transfer asks whether to create a backorder")
        self.assertEqual(action["res_model"], "stock.backorder.confirmation")
        Form.from_action(self.env, action).save().process()
        return picking.backorder_ids


class WebClientCase(HttpCase):
    """Open screens the way the web client does: load the action, its views, then the data.

    The fields read are the ones the views of the user declare, so a field the user's
    groups can't read (an AccessError in the browser) fails the test the same way.
    """

    def _web_request(self, route, params):
        """A JSON-RPC call of the web client; an error fails the test with its message."""
        response = self.url_open(
            route,
            json.dumps({"jsonrpc": "2.0", "method": "call", "id": 0, "params": params}),
            headers={"Content-Type": "application/json"},
        )
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            error = body["error"]["data"]
            self.fail(f"{route}: {error['name']}: {error['message']}")
        return body["result"]

    def _web_call(self, model, method, *args, **kwargs):
        return self._web_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def _web_open(self, action, res_id=None):
        """Open ``action`` (an xml id or an action dict) and each of its views on its records."""
        if isinstance(action, str):
            action = self._web_request("/web/action/load", {"action_id": action})
        model = action["res_model"]
        if "views" not in action:  # an action returned by a button, as the web client reads it
            action["views"] = [[False, mode] for mode in action["view_mode"].split(",")]
        views = [[view_id, view_type] for view_id, view_type in action["views"]]
        views = [view for view in views if view[1] in ("list", "form")]
        context = action.get("context") or {}
        if isinstance(context, str):
            context = {}
        loaded = self._web_call(model, "get_views", views=views + [[False, "search"]], options={})
        for view_type in dict.fromkeys(view[1] for view in views):
            arch = etree.fromstring(loaded["views"][view_type]["arch"])
            # The fields of the view itself, not those of its x2many sub-views.
            fields = arch.xpath("//field[not(ancestor::field)]/@name")
            specification = dict.fromkeys(fields, {})
            if view_type == "list":
                domain = action.get("domain") or []
                if isinstance(domain, str):
                    domain = []
                self._web_call(
                    model, "web_search_read", domain, specification, limit=80, context=context
                )
            elif res_id or action.get("res_id"):
                self._web_call(
                    model, "web_read", [res_id or action["res_id"]], specification, context=context
                )


class SpcCommon(QmsCommon):
    """A measured test charted on receipts of washers: the data of the control chart screens
    and reports."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ring = cls.env["qms.test"].create(
            {
                "name": "Ring inside diameter",
                "test_type": "measure",
                "norm": 74.0,
                "tolerance_min": 73.95,
                "tolerance_max": 74.05,
                "spc_enabled": True,
                "spc_chart": "imr",
            }
        )
        cls.spc_point = cls._control_point(
            cls.type_in,
            timing="after",
            test_ids=[(6, 0, cls.ring.ids)],
            sampling_method="fixed",
            sample_qty=5,
        )

    @classmethod
    def _spc_inspection(cls, values, product=None, decide=True):
        """Receive 100 units of ``product`` (washers) and record ``values`` per unit as the
        inspector; decide them unless ``decide`` is false."""
        product = product or cls.product_plain
        inspection = cls._receipt([(product, 100)]).qms_inspection_ids
        line = inspection.line_ids.with_user(cls.inspector)
        line.write({"measure_ids": [(0, 0, {"value": value}) for value in values]})
        if decide:
            inspection.with_user(cls.inspector).action_done()
        return inspection


FIGURES = ("inspection_todo_count", "inspection_late_count", "inspection_failed_count")


class OverviewCommon(QmsCommon):
    """Receipts of an operation type of their own, and manufacturing orders of another whose
    last operation is at a work center: inspections to do, late, failed, and lots on hold."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.now = fields.Datetime.now()
        cls.type_ov_in = cls.type_in.copy({"name": "OV Receipts", "sequence_code": "OVIN"})
        cls.type_ov_mrp = cls.type_mrp.copy({"name": "OV Manufacturing", "sequence_code": "OVMO"})
        cls.wc_cut, cls.wc_check = cls.env["mrp.workcenter"].create(
            [{"name": "OV Saw"}, {"name": "OV Final Check"}]
        )
        cls.product_shaft = cls.env["product.product"].create(
            {"name": "OV Shaft", "is_storable": True, "tracking": "lot"}
        )
        cls.bom = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.product_shaft.product_tmpl_id.id,
                "product_qty": 1,
                "bom_line_ids": [(0, 0, {"product_id": cls.product_plain.id, "product_qty": 1})],
                "operation_ids": [
                    (0, 0, {"name": "Cut", "workcenter_id": cls.wc_cut.id, "sequence": 1}),
                    (0, 0, {"name": "Check", "workcenter_id": cls.wc_check.id, "sequence": 2}),
                ],
            }
        )
        cls._control_point(cls.type_ov_in, test_ids=[(6, 0, cls.test_visual.ids)])
        cls._control_point(cls.type_ov_mrp, timing="before", test_ids=[(6, 0, cls.test_visual.ids)])

        # Receipts: due yesterday and tomorrow (to do, the first late), failed today, failed
        # 40 days ago, passed. Every lot but the passed one is on hold.
        cls.late = cls._ov_receipt("OV-LATE", cls.now - timedelta(days=1))
        cls.on_time = cls._ov_receipt("OV-ONTIME", cls.now + timedelta(days=1))
        cls.failed = cls._decide(
            cls._ov_receipt("OV-FAILED", cls.now - timedelta(days=1)), cls.inspector, answer="fail"
        )
        cls.failed_long_ago = cls._decide(
            cls._ov_receipt("OV-OLD", cls.now - timedelta(days=41)), cls.inspector, answer="fail"
        )
        cls.env.cr.execute(
            "UPDATE qms_inspection SET date_done = %s WHERE id = %s",
            (cls.now - timedelta(days=40), cls.failed_long_ago.id),
        )
        cls.failed_long_ago.invalidate_recordset(["date_done"])
        cls.passed = cls._decide(cls._ov_receipt("OV-PASSED", cls.now), cls.inspector)

        # Manufacturing orders planned to end in the past (late) and in the future; one of
        # these fails its in-process inspection, which blocks the lot produced.
        cls.mo_late = cls._ov_production(cls.now - timedelta(days=3))
        cls.mo_on_time = cls._ov_production(cls.now + timedelta(days=3))
        # Due 24 hours (the time to inspect) after their creation, as their transfer or order
        # was planned before: made late here, as if created two days ago.
        cls.env.cr.execute(
            "UPDATE qms_inspection SET date_deadline = %s WHERE id IN %s",
            (cls.now - timedelta(days=1), (cls.late.id, cls.mo_late.id)),
        )
        (cls.late | cls.mo_late).invalidate_recordset(["date_deadline"])
        mo_failed = cls._ov_production(cls.now + timedelta(days=3))
        lot = cls.env["stock.lot"].create(
            {"name": "OV-SHAFT-FAILED", "product_id": cls.product_shaft.id}
        )
        mo_failed.production_id.write({"qty_producing": 1, "lot_producing_id": lot.id})
        cls.mo_failed = cls._decide(mo_failed, cls.inspector, answer="fail")
        cls.Overview = cls.env["qms.overview"]

    @classmethod
    def _ov_receipt(cls, lot_name, scheduled_date):
        picking = cls._picking(
            cls.type_ov_in, cls.supplier_location, cls.stock, [(cls.product_lot, {lot_name: 5})]
        )
        picking.scheduled_date = scheduled_date
        picking.button_validate()
        return picking.qms_inspection_ids

    @classmethod
    def _ov_production(cls, date_start):
        production = cls.env["mrp.production"].create(
            {
                "product_id": cls.product_shaft.id,
                "bom_id": cls.bom.id,
                "picking_type_id": cls.type_ov_mrp.id,
                "date_start": date_start,
            }
        )
        production.action_confirm()
        return production.qms_inspection_ids

    def _card(self, target, user=None):
        field = "picking_type_id" if target._name == "stock.picking.type" else "workcenter_id"
        return self.Overview.with_user(user or self.inspector).search([(field, "=", target.id)])

    @staticmethod
    def _figures(card):
        return {name: card[name] for name in (*FIGURES, "lot_hold_count")}

    def _listed(self, action, user=None):
        """The records that the list opened by ``action`` shows: its domain, the filters and
        search facets of its context, evaluated as the web client does."""
        model = self.env[action["res_model"]].with_user(user or self.inspector)
        arch = etree.fromstring(model.get_view(action["search_view_id"][0], "search")["arch"])
        domains = [safe_eval(action["domain"]) if action.get("domain") else []]
        today = fields.Date.context_today(model)
        for key, value in action["context"].items():
            if not key.startswith("search_default_"):
                continue
            name = key.removeprefix("search_default_")
            (node,) = arch.xpath("//filter[@name=$name] | //field[@name=$name]", name=name)
            if node.tag == "filter":
                domains.append(
                    safe_eval(
                        node.get("domain"),
                        {"context_today": lambda: today, "relativedelta": relativedelta},
                    )
                )
            else:
                domains.append([(name, "=", value)])
        return model.search(expression.AND(domains))


class ChinesePdfCase(HttpCase):
    """Print a report as a PDF for a Chinese user and read back the text and the fonts in it.

    An ``HttpCase``: wkhtmltopdf loads the report's styles (fonts included) from the test
    server, which serves them in the test's transaction.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("report.url", cls.base_url())
        # Compile the report styles before the first PDF: wkhtmltopdf doesn't wait for a bundle
        # compiled while it loads the page, and would print without the fonts.
        for bundle in ("web.report_assets_common", "web.report_assets_pdf"):
            cls.env["ir.qweb"]._get_asset_bundle(bundle, js=False).css()
        cls._activate_chinese()

    @classmethod
    def _activate_chinese(cls):
        """zh_CN active and the suite's Chinese catalogues loaded, as after installing it."""
        cls.env["res.lang"]._activate_lang(CHINESE)
        modules = cls.env["ir.module.module"].search(
            [("name", "in", SUITE), ("state", "=", "installed")]
        )
        modules._update_translations([CHINESE], overwrite=True)

    def _chinese_pdf(self, report, records, data=None):
        """The PDF of ``report`` on ``records`` in zh_CN: its text, without white space, and
        the names of the fonts embedded in it.

        Qt's PDF writer maps a glyph shared by an ideograph and its Kangxi radical (月 and ⽉)
        to the radical in the text layer; NFKC folds the radicals back to the ideographs.
        """
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_context(lang=CHINESE, force_report_rendering=True)
            ._render_qweb_pdf(report, records.ids, data=data)
        )
        self.assertTrue(pdf.startswith(b"%PDF"), "a PDF, not the HTML of the test mode")
        reader = PdfFileReader(io.BytesIO(pdf))
        text = "".join(page.extract_text() for page in reader.pages)
        return self._compact(text), self._embedded_fonts(reader)

    @staticmethod
    def _compact(text):
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))

    @staticmethod
    def _embedded_fonts(reader):
        names = set()
        for page in reader.pages:
            for reference in page["/Resources"].get("/Font", {}).values():
                font = reference.get_object()
                descendants = [face.get_object() for face in font.get("/DescendantFonts", [])]
                for face in [font, *descendants]:
                    descriptor = face.get("/FontDescriptor")
                    descriptor = descriptor.get_object() if descriptor else {}
                    if any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                        names.add(str(face["/BaseFont"]).split("+")[-1])
        return names

    def _chinese_date(self, value):
        """``value`` (a date, or a datetime in UTC) as the Chinese user reads it."""
        env = self.env(context=dict(self.env.context, lang=CHINESE))
        if isinstance(value, datetime):
            value = fields.Datetime.context_timestamp(env.user, value)
        return format_date(env, value)

    def assertChinesePdf(self, report, records, labels, dates=(), data=None):
        """The PDF of ``report`` shows the Chinese ``labels`` and ``dates`` in the zh_CN format,
        in a Simplified Chinese font embedded in the file."""
        text, fonts = self._chinese_pdf(report, records, data=data)
        for label in labels:
            self.assertIn(self._compact(label), text)
        for value in dates:
            self.assertIn(self._chinese_date(value), text)
        self.assertTrue(any("CJKsc" in name for name in fonts), fonts)
        return text
