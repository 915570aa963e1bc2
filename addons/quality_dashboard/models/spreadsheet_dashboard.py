# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import api, fields, models

from ..tools.spreadsheet import DashboardWriter

QUALITY_DASHBOARD_XMLID = "quality_dashboard.spreadsheet_dashboard_quality"

# KPI blocks of the Quality dashboard, in their order, with the models each one reads: a block
# is left out when one of them is not installed (quality_supplier, quality_capa are optional).
QUALITY_KPIS = {
    "first_pass_yield": ("qms.inspection",),
    "lots_on_hold": ("stock.lot",),
    "capa_on_time": ("qms.capa",),
    "supplier_ppm": ("qms.supplier.scorecard",),
    "ncr_by_cause": ("qms.nonconformity",),
    "copq_trend": ("qms.nonconformity",),
}

# First inspections: not a re-inspection, not released by skip-lot, decided (a re-inspected
# one was decided, then cancelled when a manager had it inspected again).
FIRST_INSPECTION_DOMAIN = [
    "&",
    "&",
    ["origin_inspection_id", "=", False],
    ["skipped", "=", False],
    "|",
    ["state", "=", "done"],
    ["reinspection_id", "!=", False],
]
LOTS_ON_HOLD_DOMAIN = [["qms_state", "in", ["pending", "blocked"]]]
CLOSED_CAPA_DOMAIN = [["state", "=", "done"]]
NONCONFORMITY_DOMAIN = [["state", "!=", "cancel"]]


class SpreadsheetDashboard(models.Model):
    _inherit = "spreadsheet.dashboard"

    qms_dashboard_kpis = fields.Char(
        "Quality KPIs",
        readonly=True,
        copy=False,
        help="KPI blocks of the generated Quality dashboard, set on that dashboard only: when "
        "the quality modules installed no longer give these blocks, it is generated again.",
    )

    # ------------------------------------------------------------------
    # Generation
    # ------------------------------------------------------------------
    @api.model
    def _qms_dashboard_kpis(self, available_models=None):
        """Keys of the KPI blocks whose models are all in ``available_models`` (default: the
        models of the registry, i.e. of the modules installed)."""
        if available_models is None:
            available_models = set(self.env.registry)
        return [
            key
            for key, kpi_models in QUALITY_KPIS.items()
            if all(model in available_models for model in kpi_models)
        ]

    @api.model
    def _qms_dashboard_data(self, kpis):
        """The o-spreadsheet data of the Quality dashboard made of the KPI blocks ``kpis``."""
        writer = DashboardWriter(
            {
                "period": {
                    "type": "date",
                    "label": self.env._("Period"),
                    "defaultValue": "last_year",
                    "rangeType": "relative",
                },
                "product": {
                    "type": "relation",
                    "label": self.env._("Product"),
                    "modelName": "product.product",
                    "defaultValue": [],
                    "defaultValueDisplayNames": [],
                },
                "partner": {
                    "type": "relation",
                    "label": self.env._("Partner"),
                    "modelName": "res.partner",
                    "defaultValue": [],
                    "defaultValueDisplayNames": [],
                },
            },
            data_headers=(self.env._("KPI"), self.env._("Value")),
        )
        for key in kpis:
            getattr(self, "_qms_kpi_%s" % key)(writer)
        return writer.data()

    @api.model
    def _qms_kpi_first_pass_yield(self, writer):
        """Share of first inspections that passed: as a scorecard and by product."""
        pivot = writer.add_pivot(
            self.env._("First inspections by product and result"),
            "qms.inspection",
            [("__count", None)],
            rows=["product_id"],
            columns=["result"],
            domain=FIRST_INSPECTION_DOMAIN,
            field_matching={
                "period": ("date_done", "datetime"),
                "product": ("product_id", "many2one"),
                "partner": ("partner_id", "many2one"),
            },
            sort="__count",
        )
        writer.add_scorecard(
            self.env._("First-Pass Yield"),
            '=IFERROR(PIVOT.VALUE(%s,"__count","result","pass")/PIVOT.VALUE(%s,"__count"),"")'
            % (pivot, pivot),
            fmt="percent",
        )

        def row(index):
            inspected = 'PIVOT.VALUE(%s,"__count","#product_id",%d)' % (pivot, index)
            passed = 'PIVOT.VALUE(%s,"__count","#product_id",%d,"result","pass")' % (pivot, index)
            return [
                '=PIVOT.HEADER(%s,"#product_id",%d)' % (pivot, index),
                "=" + inspected,
                "=" + passed,
                '=IFERROR(%s/%s,"")' % (passed, inspected),
            ]

        writer.add_table(
            self.env._("First-Pass Yield by Product"),
            [
                self.env._("Product"),
                self.env._("First Inspections"),
                self.env._("Passed"),
                self.env._("First-Pass Yield"),
            ],
            row,
            [None, "integer", "integer", "percent"],
        )

    @api.model
    def _qms_kpi_lots_on_hold(self, writer):
        """Lots pending inspection or blocked, now: as a scorecard and by product."""
        pivot = writer.add_pivot(
            self.env._("Lots on hold by product and quality status"),
            "stock.lot",
            [("__count", None)],
            rows=["product_id"],
            columns=["qms_state"],
            domain=LOTS_ON_HOLD_DOMAIN,
            field_matching={"product": ("product_id", "many2one")},
            sort="__count",
        )
        writer.add_scorecard(self.env._("Lots on Hold"), '=PIVOT.VALUE(%s,"__count")' % pivot)

        def row(index):
            return [
                '=PIVOT.HEADER(%s,"#product_id",%d)' % (pivot, index),
                '=PIVOT.VALUE(%s,"__count","#product_id",%d,"qms_state","pending")'
                % (pivot, index),
                '=PIVOT.VALUE(%s,"__count","#product_id",%d,"qms_state","blocked")'
                % (pivot, index),
                '=PIVOT.VALUE(%s,"__count","#product_id",%d)' % (pivot, index),
            ]

        writer.add_table(
            self.env._("Lots on Hold by Product"),
            [
                self.env._("Product"),
                self.env._("Pending Inspection"),
                self.env._("Blocked"),
                self.env._("On Hold"),
            ],
            row,
            [None, "integer", "integer", "integer"],
        )

    @api.model
    def _qms_kpi_capa_on_time(self, writer):
        """Closed CAPAs closed by their deadline: the average of qms.capa's stored on_time."""
        pivot = writer.add_pivot(
            self.env._("Closed CAPAs"),
            "qms.capa",
            [("on_time", "avg"), ("__count", None)],
            rows=[],
            domain=CLOSED_CAPA_DOMAIN,
            field_matching={
                "period": ("date_closed", "datetime"),
                "partner": ("partner_id", "many2one"),
            },
        )
        writer.add_scorecard(
            self.env._("CAPA On-Time Rate"),
            '=IFERROR(PIVOT.VALUE(%s,"on_time")/100,"")' % pivot,
            fmt="percent",
        )

    @api.model
    def _qms_kpi_supplier_ppm(self, writer):
        """Vendors' PPM as quality_supplier's scorecards define it (quantity rejected per
        million received), from their stored monthly counts: the ratio of the sums, as the
        vendor form shows it."""
        pivot = writer.add_pivot(
            self.env._("Supplier scorecards by vendor"),
            "qms.supplier.scorecard",
            [("qty_received", "sum"), ("qty_rejected", "sum")],
            rows=["partner_id"],
            domain=[],
            field_matching={
                "period": ("period_start", "date"),
                "partner": ("partner_id", "many2one"),
            },
            sort="qty_rejected",
        )
        writer.add_scorecard(
            self.env._("Supplier PPM"),
            '=IFERROR(PIVOT.VALUE(%s,"qty_rejected")/PIVOT.VALUE(%s,"qty_received")*1000000,"")'
            % (pivot, pivot),
        )

        def row(index):
            received = 'PIVOT.VALUE(%s,"qty_received","#partner_id",%d)' % (pivot, index)
            rejected = 'PIVOT.VALUE(%s,"qty_rejected","#partner_id",%d)' % (pivot, index)
            return [
                '=PIVOT.HEADER(%s,"#partner_id",%d)' % (pivot, index),
                "=" + received,
                "=" + rejected,
                '=IFERROR(%s/%s*1000000,"")' % (rejected, received),
            ]

        writer.add_table(
            self.env._("PPM by Vendor"),
            [
                self.env._("Vendor"),
                self.env._("Quantity Received"),
                self.env._("Quantity Rejected"),
                self.env._("PPM"),
            ],
            row,
            [None, "decimal", "decimal", "integer"],
        )

    @api.model
    def _qms_kpi_ncr_by_cause(self, writer):
        """Nonconformities by the 6M cause category of their CAPA."""
        writer.add_chart(
            self.env._("Nonconformities by Cause (6M)"),
            "odoo_bar",
            "qms.nonconformity",
            "__count",
            "root_cause_category",
            NONCONFORMITY_DOMAIN,
            field_matching={
                "period": ("date", "datetime"),
                "product": ("product_id", "many2one"),
                "partner": ("partner_id", "many2one"),
            },
        )

    @api.model
    def _qms_kpi_copq_trend(self, writer):
        """Cost of poor quality by month of the nonconformities, and its total."""
        field_matching = {
            "period": ("date", "datetime"),
            "product": ("product_id", "many2one"),
            "partner": ("partner_id", "many2one"),
        }
        pivot = writer.add_pivot(
            self.env._("Cost of poor quality"),
            "qms.nonconformity",
            [("cost", "sum")],
            rows=[],
            domain=NONCONFORMITY_DOMAIN,
            field_matching=field_matching,
        )
        writer.add_scorecard(
            self.env._("Cost of Poor Quality"), '=PIVOT.VALUE(%s,"cost")' % pivot, fmt="decimal"
        )
        writer.add_chart(
            self.env._("Cost of Poor Quality by Month"),
            "odoo_line",
            "qms.nonconformity",
            "cost",
            "date:month",
            NONCONFORMITY_DOMAIN,
            field_matching=field_matching,
        )

    # ------------------------------------------------------------------
    # The shipped dashboard
    # ------------------------------------------------------------------
    @api.model
    def _qms_refresh_quality_dashboard(self):
        """Generate the shipped Quality dashboard from the KPI blocks installed now.

        Called when quality_dashboard is installed or updated, and by ``_qms_refresh_if_stale``
        when the dashboard is opened or copied.
        """
        dashboard = self.env.ref(QUALITY_DASHBOARD_XMLID, raise_if_not_found=False)
        if not dashboard:
            return
        kpis = self._qms_dashboard_kpis()
        dashboard.sudo().write(
            {
                "spreadsheet_data": json.dumps(self._qms_dashboard_data(kpis), ensure_ascii=False),
                "qms_dashboard_kpis": ",".join(kpis),
            }
        )

    def _qms_refresh_if_stale(self):
        """Generate the shipped dashboard again if the quality modules installed no longer give
        its KPI blocks: one installed or removed after quality_dashboard, or loaded after it
        in the same installation (its data ran before their models were there)."""
        stale = self.filtered(
            lambda dashboard: (
                dashboard.qms_dashboard_kpis
                and dashboard.qms_dashboard_kpis != ",".join(self._qms_dashboard_kpis())
            )
        )
        if stale:
            self._qms_refresh_quality_dashboard()

    def get_readonly_dashboard(self):
        self._qms_refresh_if_stale()
        return super().get_readonly_dashboard()

    def copy_data(self, default=None):
        self._qms_refresh_if_stale()
        return super().copy_data(default=default)
