/** @odoo-module **/
// Copyright 2026 QMS Suite contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("qms_spc_chart_tour", {
    steps: () => [
        {
            content: "No test chosen yet",
            trigger: ".o_qms_spc .o_nocontent_help:contains('Choose a test')",
        },
        {
            content: "Pick the test",
            trigger: ".o_qms_spc select.o_qms_spc_test",
            run: "selectByLabel SPC tour bore",
        },
        {
            content: "The most inspected product is shown first",
            trigger: ".o_qms_spc select.o_qms_spc_product",
        },
        {
            content: "Pick the other product",
            trigger: ".o_qms_spc select.o_qms_spc_product",
            run: "selectByLabel SPC Tour Spacer",
        },
        {
            content: "Its two points are charted, in control",
            trigger: ".o_qms_spc canvas.o_qms_spc_main_canvas[data-points='2'][data-flagged='0']",
        },
        {
            content: "Pick the product of the out-of-control point",
            trigger: ".o_qms_spc select.o_qms_spc_product",
            run: "selectByLabel SPC Tour Shaft",
        },
        {
            content: "The control chart is drawn with its 13 points, one flagged",
            trigger: ".o_qms_spc canvas.o_qms_spc_main_canvas[data-points='13'][data-flagged='1']",
        },
        {
            content: "The moving range chart is drawn below",
            trigger: ".o_qms_spc canvas.o_qms_spc_companion_canvas[data-points='13']",
        },
        {
            content: "The limits are frozen",
            trigger: ".o_qms_spc .o_qms_spc_frozen:contains('Limits frozen')",
        },
        {
            content: "The capability indices are shown",
            trigger: ".o_qms_spc .o_qms_spc_figures td[data-figure='cpk']:not(:contains('—'))",
        },
        {
            content: "The violation list shows rule N1 at point 13",
            trigger:
                ".o_qms_spc .o_qms_spc_violation[data-rule='N1']:contains('more than 3 sigmas')" +
                " .o_qms_spc_point:contains('13')",
            run: "click",
        },
        {
            content: "The inspection of the point opens, its result flagged out of control",
            trigger: ".o_form_view .o_field_one2many .o_qms_spc_flag",
        },
        {
            content: "Back to the chart",
            trigger: ".o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            content: "The chart comes back on the same test and product",
            trigger: ".o_qms_spc canvas.o_qms_spc_main_canvas[data-points='13']",
        },
        {
            content: "Freeze the limits again",
            trigger: ".o_qms_spc button.o_qms_spc_freeze",
            run: "click",
        },
        {
            content: "Give the reason",
            trigger: ".modal textarea.o_qms_spc_reason",
            run: "edit Recomputed with the new gauge",
        },
        {
            content: "Confirm",
            trigger: ".modal button.o_qms_spc_freeze_confirm:enabled",
            run: "click",
        },
        {
            content: "The dialog closes and the chart is drawn again",
            trigger: "body:not(:has(.modal)) .o_qms_spc .o_qms_spc_frozen:contains('Limits frozen')",
        },
    ],
});
