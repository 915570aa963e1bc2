/** @odoo-module **/
// Copyright 2026 QMS Suite contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { Component, onWillStart, onWillUnmount, useEffect, useRef, useState } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { deserializeDateTime, formatDateTime } from "@web/core/l10n/dates";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";
import { useService } from "@web/core/utils/hooks";
import { useSetupAction } from "@web/search/action_hook";
import { Layout } from "@web/search/layout";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";
import { SpcFreezeDialog } from "./spc_freeze_dialog";

const VARIABLE_CHARTS = ["imr", "xbar_r", "xbar_s"];
const COLORS = {
    line: "#1f77b4",
    flagged: "#dc3545",
    center: "#2ca02c",
    limit: "#d62728",
    spec: "#ff7f0e",
};

/** A figure of the side panel: 6 significant digits, a dash when there is none. */
export function formatFigure(value, digits = 6) {
    // The server sends false for a missing figure (XML-RPC carries no null).
    if (value === null || value === undefined || value === false || Number.isNaN(value)) {
        return "—";
    }
    return String(Number(Number(value).toPrecision(digits)));
}

function toInt(value) {
    const number = parseInt(value, 10);
    return Number.isNaN(number) ? false : number;
}

/**
 * The control chart of a test on a product: the points with their centre line, control and
 * specification limits, the companion chart of variable charts, the capability indices and the
 * run rules broken. The data is that of `qms.test.qms_spc_data`.
 */
export class SpcChartAction extends Component {
    static template = "quality_core.SpcChartAction";
    static components = { Layout };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.dialog = useService("dialog");
        this.mainCanvas = useRef("mainCanvas");
        this.companionCanvas = useRef("companionCanvas");
        this.charts = [];
        // The chart shown: kept when coming back through the breadcrumbs (local state), in
        // the URL on a reload (context.params), or given by the action opening the screen.
        const { action } = this.props;
        const params = {
            ...(action.context?.params || {}),
            ...(action.params || {}),
            ...(this.props.state || {}),
        };
        this.state = useState({
            tests: [],
            testId: toInt(params.test_id || action.context?.qms_spc_test_id),
            products: [],
            productId: toInt(params.product_id || action.context?.qms_spc_product_id),
            charts: [],
            chart: params.chart || false,
            limit: toInt(params.limit) || 100,
            partners: [],
            partnerId: toInt(params.partner_id),
            data: null,
            canFreeze: false,
        });
        onWillStart(async () => {
            const [, tests, canFreeze] = await Promise.all([
                loadBundle("web.chartjs_lib"),
                this.orm.call("qms.test", "qms_spc_tests", []),
                user.hasGroup("quality_core.group_qms_manager"),
            ]);
            this.state.tests = tests;
            this.state.canFreeze = canFreeze;
            if (this.state.testId && !tests.some((test) => test.id === this.state.testId)) {
                this.state.testId = false;
            }
            await this.loadTest({ keepProduct: true });
        });
        useEffect(
            () => this.renderCharts(),
            () => [this.state.data]
        );
        onWillUnmount(() => this.destroyCharts());
        useSetupAction({ getLocalState: () => this.urlState });
    }

    get urlState() {
        const { testId, productId, chart, partnerId, limit } = this.state;
        return {
            test_id: testId || undefined,
            product_id: productId || undefined,
            chart: chart || undefined,
            partner_id: partnerId || undefined,
            limit: limit !== 100 ? limit : undefined,
        };
    }

    get currentTest() {
        return this.state.tests.find((test) => test.id === this.state.testId);
    }

    get data() {
        return this.state.data;
    }

    get hasPoints() {
        return Boolean(this.data?.points?.length);
    }

    get isVariable() {
        return VARIABLE_CHARTS.includes(this.data?.chart);
    }

    get companionTitle() {
        return {
            imr: _t("Moving range (MR)"),
            xbar_r: _t("Range (R)"),
            xbar_s: _t("Standard deviation (S)"),
        }[this.data?.chart];
    }

    get frozenDate() {
        const date = this.data?.frozen_date;
        return date ? formatDateTime(deserializeDateTime(date)) : "";
    }

    get figures() {
        const data = this.data || {};
        const figures = [
            { name: "cp", label: _t("Cp"), value: data.cp },
            { name: "cpk", label: _t("Cpk"), value: data.cpk },
            { name: "pp", label: _t("Pp"), value: data.pp },
            { name: "ppk", label: _t("Ppk"), value: data.ppk },
            { name: "center", label: _t("Centre line"), value: data.center },
            { name: "ucl", label: _t("UCL"), value: data.ucl },
            { name: "lcl", label: _t("LCL"), value: data.lcl },
        ];
        if (this.isVariable) {
            figures.push(
                { name: "mean", label: _t("Mean"), value: data.mean },
                { name: "sigma_within", label: _t("Sigma within"), value: data.sigma_within },
                { name: "sigma_overall", label: _t("Sigma overall"), value: data.sigma_overall }
            );
        }
        // Capability indices are read to 2 decimals, sigmas to 4 significant digits.
        const digits = { cp: 3, cpk: 3, pp: 3, ppk: 3, sigma_within: 4, sigma_overall: 4 };
        return figures.map((figure) => ({
            ...figure,
            text: formatFigure(figure.value, digits[figure.name]),
        }));
    }

    // ------------------------------------------------------------------
    // Data
    // ------------------------------------------------------------------

    async loadTest({ keepProduct = false } = {}) {
        const test = this.currentTest;
        if (!test) {
            Object.assign(this.state, { products: [], charts: [], partners: [], data: null });
            this.updateUrl();
            return;
        }
        const [products, charts] = await Promise.all([
            this.orm.call("qms.test", "qms_spc_products", [[test.id]]),
            this.orm.call("qms.test", "qms_spc_charts", [[test.id]]),
        ]);
        this.state.products = products;
        this.state.charts = charts;
        if (!charts.some((chart) => chart.id === this.state.chart)) {
            this.state.chart = test.chart;
        }
        if (!keepProduct || !this.state.productId) {
            this.state.productId = products[0]?.id || false;
        }
        await this.loadProduct({ keepPartner: keepProduct });
    }

    async loadProduct({ keepPartner = false } = {}) {
        if (!keepPartner) {
            this.state.partnerId = false;
        }
        this.state.partners = this.state.productId
            ? await this.orm.call("qms.test", "qms_spc_partners", [
                  [this.state.testId],
                  this.state.productId,
              ])
            : [];
        await this.loadData();
    }

    async loadData() {
        const { testId, productId, chart, limit, partnerId } = this.state;
        this.updateUrl();
        if (!testId || !productId) {
            this.state.data = null;
            return;
        }
        this.state.data = await this.orm.call(
            "qms.test",
            "qms_spc_data",
            [[testId], productId],
            { chart, limit: Math.max(limit || 100, 2), partner_id: partnerId || null }
        );
    }

    /** Keep the test, product and chart in the URL, so that a reload shows the same chart. */
    updateUrl() {
        this.props.updateActionState?.(this.urlState);
    }

    // ------------------------------------------------------------------
    // Handlers
    // ------------------------------------------------------------------

    async onTestChange(ev) {
        this.state.testId = toInt(ev.target.value);
        this.state.chart = false;
        await this.loadTest();
    }

    async onProductChange(ev) {
        this.state.productId = toInt(ev.target.value);
        await this.loadProduct();
    }

    async onChartChange(ev) {
        this.state.chart = ev.target.value;
        await this.loadData();
    }

    async onLimitChange(ev) {
        this.state.limit = Math.max(toInt(ev.target.value) || 100, 2);
        await this.loadData();
    }

    async onPartnerChange(ev) {
        this.state.partnerId = toInt(ev.target.value);
        await this.loadData();
    }

    openPoint(index) {
        const point = this.data?.points?.[index];
        if (!point) {
            return;
        }
        this.actionService.doAction({
            type: "ir.actions.act_window",
            res_model: "qms.inspection",
            res_id: point.inspection_id,
            views: [[false, "form"]],
            target: "current",
        });
    }

    openFreezeDialog() {
        this.dialog.add(SpcFreezeDialog, {
            title: _t("Freeze Control Limits"),
            chartName: this.state.charts.find((c) => c.id === this.data.chart)?.name || "",
            product: this.data.product,
            freeze: async ({ reason, dateFrom, dateTo }) => {
                await this.orm.call(
                    "qms.test",
                    "action_qms_spc_freeze",
                    [[this.state.testId], this.state.productId, this.data.chart, reason],
                    {
                        date_from: dateFrom || null,
                        date_to: dateTo || null,
                        partner_id: this.state.partnerId || null,
                    }
                );
                await this.loadData();
            },
        });
    }

    onPrint() {
        this.actionService.doAction("quality_core.qms_spc_report_wizard_action", {
            additionalContext: {
                default_test_id: this.state.testId,
                default_product_id: this.state.productId,
                default_chart: this.data.chart,
                default_limit: this.state.limit,
                default_partner_id: this.state.partnerId || false,
            },
        });
    }

    // ------------------------------------------------------------------
    // Charts
    // ------------------------------------------------------------------

    destroyCharts() {
        for (const chart of this.charts) {
            chart.destroy();
        }
        this.charts = [];
    }

    renderCharts() {
        this.destroyCharts();
        const data = this.data;
        if (!data?.points?.length) {
            return;
        }
        if (this.mainCanvas.el) {
            this.charts.push(this.drawMainChart(this.mainCanvas.el, data));
        }
        if (this.companionCanvas.el && data.companion) {
            this.charts.push(this.drawCompanionChart(this.companionCanvas.el, data));
        }
    }

    levelDataset(label, value, color, { dashed = false, values = null } = {}) {
        const count = this.data.points.length;
        return {
            label,
            data: values || Array(count).fill(value),
            borderColor: color,
            borderWidth: 1.5,
            borderDash: dashed ? [6, 4] : [],
            pointRadius: 0,
            pointHitRadius: 0,
            stepped: values ? "middle" : false,
            fill: false,
        };
    }

    chartOptions(data, { onClick = null, tooltipLabel = null } = {}) {
        return {
            maintainAspectRatio: false,
            animation: false,
            interaction: { mode: "nearest", intersect: true },
            onClick,
            onHover: (event, elements) => {
                const target = event.native?.target;
                if (target) {
                    target.style.cursor = elements.some((e) => e.datasetIndex === 0)
                        ? "pointer"
                        : "default";
                }
            },
            plugins: {
                legend: { position: "bottom", labels: { boxHeight: 2 } },
                tooltip: {
                    filter: (item) => item.datasetIndex === 0,
                    callbacks: tooltipLabel ? { label: tooltipLabel } : {},
                },
            },
            scales: {
                x: { title: { display: true, text: _t("Point") } },
                y: { title: { display: Boolean(data.uom), text: data.uom } },
            },
        };
    }

    drawMainChart(canvas, data) {
        const points = data.points;
        const flagged = points.map((point) => point.violations.length > 0);
        const datasets = [
            {
                label: data.test,
                data: points.map((point) => point.value),
                borderColor: COLORS.line,
                backgroundColor: COLORS.line,
                borderWidth: 1.5,
                pointBackgroundColor: flagged.map((f) => (f ? COLORS.flagged : COLORS.line)),
                pointBorderColor: flagged.map((f) => (f ? COLORS.flagged : COLORS.line)),
                pointRadius: flagged.map((f) => (f ? 6 : 3)),
                pointHoverRadius: flagged.map((f) => (f ? 8 : 5)),
                fill: false,
            },
            this.levelDataset(_t("Centre line"), data.center, COLORS.center),
            this.levelDataset(_t("UCL"), data.ucl, COLORS.limit, { values: data.ucl_points }),
            this.levelDataset(_t("LCL"), data.lcl, COLORS.limit, { values: data.lcl_points }),
        ];
        if (data.lsl !== null && data.lsl !== undefined && data.lsl !== false) {
            datasets.push(this.levelDataset(_t("LSL"), data.lsl, COLORS.spec, { dashed: true }));
        }
        if (data.usl !== null && data.usl !== undefined && data.usl !== false) {
            datasets.push(this.levelDataset(_t("USL"), data.usl, COLORS.spec, { dashed: true }));
        }
        const tooltipLabel = (item) => {
            const point = points[item.dataIndex];
            const lines = [`${point.inspection}: ${formatFigure(point.value, 6)}`];
            if (point.date) {
                lines.push(formatDateTime(deserializeDateTime(point.date)));
            }
            if (point.violations.length) {
                lines.push(_t("Rules broken: %(rules)s", { rules: point.violations.join(", ") }));
            }
            return lines;
        };
        const onClick = (event, elements) => {
            const element = elements.find((e) => e.datasetIndex === 0);
            if (element) {
                this.openPoint(element.index);
            }
        };
        const chart = new Chart(canvas, {
            type: "line",
            data: { labels: points.map((_point, index) => index + 1), datasets },
            options: this.chartOptions(data, { onClick, tooltipLabel }),
        });
        canvas.dataset.points = String(points.length);
        canvas.dataset.flagged = String(flagged.filter(Boolean).length);
        return chart;
    }

    drawCompanionChart(canvas, data) {
        const companion = data.companion;
        const datasets = [
            {
                label: this.companionTitle,
                data: companion.points.map((value) => (value === false ? null : value)),
                borderColor: COLORS.line,
                backgroundColor: COLORS.line,
                borderWidth: 1.5,
                pointRadius: 2.5,
                spanGaps: false,
                fill: false,
            },
            this.levelDataset(_t("Centre line"), companion.center, COLORS.center),
            this.levelDataset(_t("UCL"), companion.ucl, COLORS.limit),
            this.levelDataset(_t("LCL"), companion.lcl, COLORS.limit),
        ];
        const options = this.chartOptions(data);
        options.scales.y.title.display = false;
        const chart = new Chart(canvas, {
            type: "line",
            data: { labels: companion.points.map((_value, index) => index + 1), datasets },
            options,
        });
        canvas.dataset.points = String(companion.points.length);
        return chart;
    }
}

registry.category("actions").add("quality_core.qms_spc_chart", SpcChartAction);
