# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
from datetime import date, datetime

from odoo.osv import expression
from odoo.tests import new_test_user, tagged

from odoo.addons.quality_core.tests.common import QmsCommon

from ..models.spreadsheet_dashboard import QUALITY_KPIS

CAPA_MODELS = ("qms.capa", "qms.nonconformity", "qms.supplier.scorecard")


class DashboardCommon(QmsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref("quality_dashboard.spreadsheet_dashboard_quality")
        cls.Dashboard = cls.env["spreadsheet.dashboard"]
        # Opened once, as in the web client: the modules loaded after quality_dashboard in the
        # same update add their KPI blocks then.
        cls.dashboard.get_readonly_dashboard()

    def _data(self, kpis=None):
        """The dashboard's spreadsheet as the web client gets it, or built of ``kpis``."""
        if kpis is not None:
            return json.loads(json.dumps(self.Dashboard._qms_dashboard_data(kpis)))
        return self.dashboard.get_readonly_dashboard()["snapshot"]

    def _pivot(self, data, model):
        (pivot,) = [p for p in data["pivots"].values() if p["model"] == model]
        return pivot

    def _read_pivot(self, pivot, domain):
        """The groups of ``pivot`` restricted to ``domain``, read as the spreadsheet's pivot
        reads them (``read_group`` with its measure specs, lazy=False), keyed by the values
        of its row and column fields."""
        groupby = [dim["fieldName"] for dim in pivot["rows"] + pivot["columns"]]
        specs = [
            "__count"
            if measure["fieldName"] == "__count"
            else "%s_%s_id:%s(%s)"
            % (
                measure["fieldName"],
                measure["aggregator"],
                measure["aggregator"],
                measure["fieldName"],
            )
            for measure in pivot["measures"]
        ]
        groups = self.env[pivot["model"]].read_group(
            expression.AND([pivot["domain"], domain]), specs, groupby, lazy=False
        )
        result = {}
        for group in groups:
            key = tuple(
                group[name][0] if isinstance(group[name], tuple) else group[name]
                for name in groupby
            )
            result[key] = {
                measure["fieldName"]: group[
                    "__count"
                    if measure["fieldName"] == "__count"
                    else "%s_%s_id" % (measure["fieldName"], measure["aggregator"])
                ]
                for measure in pivot["measures"]
            }
        return result


@tagged("post_install", "-at_install")
class TestQualityDashboard(DashboardCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quality_user = new_test_user(
            cls.env, login="qms_dashboard_user", groups="quality_core.group_qms_user"
        )
        cls.internal_user = new_test_user(
            cls.env, login="qms_dashboard_internal", groups="base.group_user"
        )

    def test_the_quality_dashboard_is_in_its_group_for_quality_users_only(self):
        self.assertEqual(
            self.dashboard.dashboard_group_id,
            self.env.ref("quality_dashboard.spreadsheet_dashboard_group_quality"),
        )
        self.assertEqual(self.dashboard.dashboard_group_id.name, "Quality")
        self.assertTrue(self.dashboard.is_published)
        self.assertEqual(self.dashboard.group_ids, self.env.ref("quality_core.group_qms_user"))
        visible = self.Dashboard.with_user(self.quality_user).search([])
        self.assertIn(self.dashboard, visible)
        manager_visible = self.Dashboard.with_user(self.manager).search([])
        self.assertIn(self.dashboard, manager_visible, "managers are quality users")
        self.assertNotIn(self.dashboard, self.Dashboard.with_user(self.internal_user).search([]))
        snapshot = self.dashboard.with_user(self.quality_user).get_readonly_dashboard()["snapshot"]
        self.assertEqual({sheet["name"] for sheet in snapshot["sheets"]}, {"Dashboard", "Data"})

    def test_every_source_reads_existing_stored_fields(self):
        data = json.loads(self.dashboard.spreadsheet_data)
        installed = self.Dashboard._qms_dashboard_kpis()
        self.assertEqual(self.dashboard.qms_dashboard_kpis, ",".join(installed))
        self.assertIn("first_pass_yield", installed)
        self.assertIn("lots_on_hold", installed)
        filter_ids = {f["id"] for f in data["globalFilters"]}
        sources = [
            (
                p["model"],
                [m["fieldName"] for m in p["measures"]],
                p["measures"],
                [d["fieldName"] for d in p["rows"] + p["columns"]],
                p["domain"],
                p["fieldMatching"],
            )
            for p in data["pivots"].values()
        ]
        charts = [
            f["data"]
            for sheet in data["sheets"]
            for f in sheet["figures"]
            if f["data"]["type"].startswith("odoo_")
        ]
        for chart in charts:
            meta = chart["metaData"]
            measure = {"fieldName": meta["measure"], "aggregator": None}
            sources.append(
                (
                    meta["resModel"],
                    [meta["measure"]],
                    [measure],
                    meta["groupBy"],
                    chart["searchParams"]["domain"],
                    chart["fieldMatching"],
                )
            )
        self.assertTrue(data["pivots"] and charts)
        for model, _names, measures, groupbys, domain, matching in sources:
            self.assertIn(model, self.env)
            Model = self.env[model]
            Model.search_count(domain)
            for measure in measures:
                if measure["fieldName"] == "__count":
                    continue
                field = Model._fields[measure["fieldName"]]
                self.assertTrue(field.store, "%s.%s is stored" % (model, field.name))
                self.assertTrue(
                    measure.get("aggregator") or field.aggregator,
                    "%s.%s is aggregated" % (model, field.name),
                )
            for groupby in groupbys:
                name = groupby.split(":")[0]
                description = Model.fields_get([name], ["groupable"])[name]
                self.assertTrue(description["groupable"], "%s.%s is groupable" % (model, name))
            for filter_id, match in matching.items():
                self.assertIn(filter_id, filter_ids)
                target = Model
                for name in match["chain"].split("."):
                    field = target._fields[name]
                    self.assertTrue(field.store)
                    target = self.env[field.comodel_name] if field.relational else target
        cells = [cell["content"] for sheet in data["sheets"] for cell in sheet["cells"].values()]
        pivot_ids = set(data["pivots"])
        for content in cells:
            if "PIVOT." in content:
                self.assertIn(content.split("PIVOT.")[1].split("(")[1].split(",")[0], pivot_ids)

    def test_kpis_of_modules_not_installed_are_left_out(self):
        core = {"qms.inspection", "stock.lot"}
        kpis = self.Dashboard._qms_dashboard_kpis(available_models=core)
        self.assertEqual(kpis, ["first_pass_yield", "lots_on_hold"])
        data = self._data(kpis)
        models = {p["model"] for p in data["pivots"].values()} | {
            f["data"]["metaData"]["resModel"]
            for sheet in data["sheets"]
            for f in sheet["figures"]
            if f["data"]["type"].startswith("odoo_")
        }
        self.assertEqual(models, core)
        titles = [f["data"]["title"]["text"] for f in data["sheets"][0]["figures"]]
        self.assertEqual(titles, ["First-Pass Yield", "Lots on Hold"])
        self.assertFalse([c for c in data["sheets"][0]["cells"].values() if "CAPA" in c["content"]])
        # With quality_supplier, without quality_capa: the PPM joins them.
        kpis = self.Dashboard._qms_dashboard_kpis(core | {"qms.supplier.scorecard"})
        self.assertEqual(kpis, ["first_pass_yield", "lots_on_hold", "supplier_ppm"])
        every = {model for models in QUALITY_KPIS.values() for model in models}
        self.assertEqual(self.Dashboard._qms_dashboard_kpis(every), list(QUALITY_KPIS))

    def test_the_dashboard_is_generated_again_when_the_kpis_installed_change(self):
        """As when quality_capa is installed (or removed) after quality_dashboard: opening the
        dashboard generates it again from the KPI blocks installed now."""
        core = ["first_pass_yield", "lots_on_hold"]
        self.dashboard.write(
            {
                "spreadsheet_data": json.dumps(self.Dashboard._qms_dashboard_data(core)),
                "qms_dashboard_kpis": ",".join(core),
            }
        )
        installed = self.Dashboard._qms_dashboard_kpis()
        snapshot = self.dashboard.with_user(self.manager).get_readonly_dashboard()["snapshot"]
        self.assertEqual(self.dashboard.qms_dashboard_kpis, ",".join(installed))
        self.assertEqual(
            len(snapshot["sheets"][0]["figures"]),
            len(json.loads(self.dashboard.spreadsheet_data)["sheets"][0]["figures"]),
        )
        # A user's copy is an ordinary spreadsheet: never generated again.
        copy = self.dashboard.copy()
        self.assertFalse(copy.qms_dashboard_kpis)
        self.assertEqual(copy.spreadsheet_data, self.dashboard.spreadsheet_data)
        copy.spreadsheet_data = json.dumps(self.Dashboard._qms_dashboard_data(core))
        before = copy.spreadsheet_data
        copy.get_readonly_dashboard()
        self.assertEqual(copy.spreadsheet_data, before)


@tagged("post_install", "-at_install")
class TestQualityDashboardFigures(DashboardCommon):
    """Each KPI's pivot gives the expected figures on sample data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._control_point(cls.type_in)
        receipt = cls._receipt(
            [(cls.product_lot, {"DASH-1": 10, "DASH-2": 10, "DASH-3": 10, "DASH-4": 10})]
        )
        inspections = receipt.qms_inspection_ids.sorted("lot_name")
        cls.first_inspections = inspections
        cls._decide(inspections[0], cls.inspector)
        cls._decide(inspections[1], cls.inspector)
        cls._decide(inspections[2], cls.inspector, answer="fail")
        # The failed lot inspected again: its re-inspection is no first inspection.
        inspections[2].with_user(cls.manager).action_reinspect("Gauge was out of calibration")
        cls.data = json.loads(cls.dashboard.spreadsheet_data)

    def test_first_pass_yield_is_passed_first_inspections_over_decided_ones(self):
        self.assertEqual(len(self.product_lot_inspections()), 5, "4 first, 1 re-inspection")
        groups = self._read_pivot(
            self._pivot(self.data, "qms.inspection"), [("product_id", "=", self.product_lot.id)]
        )
        counts = {key[1]: values["__count"] for key, values in groups.items()}
        self.assertEqual(counts, {"pass": 2, "fail": 1}, "the undecided lot isn't counted yet")
        self.assertAlmostEqual(counts["pass"] / sum(counts.values()), 2 / 3)

    def product_lot_inspections(self):
        return self.env["qms.inspection"].search([("product_id", "=", self.product_lot.id)])

    def test_lots_on_hold_are_pending_and_blocked_lots(self):
        groups = self._read_pivot(
            self._pivot(self.data, "stock.lot"), [("product_id", "=", self.product_lot.id)]
        )
        counts = {key[1]: values["__count"] for key, values in groups.items()}
        self.assertEqual(
            counts,
            {"pending": 1, "blocked": 1},
            "the undecided lot, and the failed lot held while inspected again; the passed lots "
            "are released",
        )

    def test_capa_on_time_rate_is_the_share_of_closed_capas_closed_by_their_deadline(self):
        if "qms.capa" not in self.env:
            self.skipTest("quality_capa is not installed")
        partner = self.env["res.partner"].create({"name": "Dashboard CAPA customer"})
        deadline = date(2026, 3, 31)
        capas = self.env["qms.capa"].create(
            [
                {"title": "CAPA %s" % index, "partner_id": partner.id, "date_deadline": deadline}
                for index in range(4)
            ]
        )
        for capa, closed in zip(
            capas[:3],
            (datetime(2026, 3, 20), datetime(2026, 3, 31, 18), datetime(2026, 4, 2)),
            strict=True,
        ):
            capa.sudo()._qms_write({"state": "done", "date_closed": closed})
        groups = self._read_pivot(
            self._pivot(self.data, "qms.capa"), [("partner_id", "=", partner.id)]
        )
        self.assertEqual(groups[()]["__count"], 3, "the open CAPA isn't counted")
        self.assertAlmostEqual(groups[()]["on_time"] / 100, 2 / 3)

    def test_nonconformities_by_cause_and_copq_by_month(self):
        if "qms.nonconformity" not in self.env:
            self.skipTest("quality_capa is not installed")
        capa_machine, capa_method = self.env["qms.capa"].create(
            [
                {"title": "Worn tool", "root_cause_category": "machine"},
                {"title": "Wrong instruction", "root_cause_category": "method"},
            ]
        )
        ncr_values = [
            (capa_machine, datetime(2026, 1, 10), 100.0, "draft"),
            (capa_machine, datetime(2026, 1, 20), 50.0, "open"),
            (capa_method, datetime(2026, 2, 5), 30.0, "open"),
            (capa_method, datetime(2026, 2, 6), 999.0, "cancel"),
        ]
        # One create and flush per record: qms.nonconformity inserts a new record as "New" and
        # numbers it afterwards, in the cache; its unique name refuses a second "New" inserted
        # before the first one's number is flushed.
        ncrs = self.env["qms.nonconformity"]
        for capa, found, cost, _state in ncr_values:
            ncrs |= ncrs.create(
                {
                    "product_id": self.product_plain.id,
                    "capa_id": capa.id,
                    "date": found,
                    "cost_extra": cost,
                }
            )
            self.env.flush_all()
        ncrs[3].sudo()._qms_write({"state": "cancel"})
        ncrs[1:3].sudo()._qms_write({"state": "open"})
        product = [("product_id", "=", self.product_plain.id)]
        (by_cause,) = [
            f["data"] for f in self.data["sheets"][0]["figures"] if f["data"]["type"] == "odoo_bar"
        ]
        chart_pivot = {
            "model": by_cause["metaData"]["resModel"],
            "domain": by_cause["searchParams"]["domain"],
            "rows": [{"fieldName": name} for name in by_cause["metaData"]["groupBy"]],
            "columns": [],
            "measures": [{"fieldName": by_cause["metaData"]["measure"]}],
        }
        groups = self._read_pivot(chart_pivot, product)
        self.assertEqual(
            {key[0]: values["__count"] for key, values in groups.items()},
            {"machine": 2, "method": 1},
        )
        (trend,) = [
            f["data"] for f in self.data["sheets"][0]["figures"] if f["data"]["type"] == "odoo_line"
        ]
        self.assertEqual(trend["metaData"]["groupBy"], ["date:month"])
        monthly = self.env["qms.nonconformity"].read_group(
            expression.AND([trend["searchParams"]["domain"], product]),
            [trend["metaData"]["measure"]],
            trend["metaData"]["groupBy"],
        )
        self.assertEqual([group["cost"] for group in monthly], [150.0, 30.0])
        total = self._read_pivot(self._pivot(self.data, "qms.nonconformity"), product)
        self.assertEqual(total[()]["cost"], 180.0)

    def test_supplier_ppm_is_rejected_over_received_per_million_by_vendor(self):
        if "qms.supplier.scorecard" not in self.env:
            self.skipTest("quality_supplier is not installed")
        good, bad = self.env["res.partner"].create(
            [{"name": "Dashboard good vendor"}, {"name": "Dashboard bad vendor"}]
        )
        self.env["qms.supplier.scorecard"].sudo().create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": self.company.id,
                    "period_start": month,
                    "qty_received": received,
                    "qty_rejected": rejected,
                }
                for partner, month, received, rejected in (
                    (bad, date(2026, 1, 1), 1000.0, 1.0),
                    (bad, date(2026, 2, 1), 1000.0, 3.0),
                    (good, date(2026, 1, 1), 500.0, 0.0),
                )
            ]
        )
        groups = self._read_pivot(
            self._pivot(self.data, "qms.supplier.scorecard"),
            [("partner_id", "in", (good | bad).ids)],
        )
        ppm = {
            key[0]: values["qty_rejected"] / values["qty_received"] * 1e6
            for key, values in groups.items()
        }
        self.assertEqual(ppm, {bad.id: 2000.0, good.id: 0.0})
