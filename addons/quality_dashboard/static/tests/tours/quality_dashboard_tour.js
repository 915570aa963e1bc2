/** @odoo-module **/
// Copyright 2026 QMS Suite contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("quality_dashboard_tour", {
    steps: () => [
        {
            content: "The Quality group lists the Quality dashboard",
            trigger:
                ".o_search_panel_section:has(header:contains('Quality')) .o_search_panel_category_value[data-name='Quality']",
            run: "click",
        },
        {
            content: "The Quality dashboard is the one shown",
            trigger: ".o_search_panel_category_value.active[data-name='Quality']",
        },
        {
            content: "Its spreadsheet is loaded and its scorecards are drawn",
            trigger: ".o_spreadsheet_dashboard_action .o_renderer canvas.o-scorecard",
        },
        {
            content: "Its filters are shown",
            trigger: ".o_control_panel .o-filter-value, .o_control_panel .o_filter_value",
        },
        {
            content: "No loading error",
            trigger:
                ".o_spreadsheet_dashboard_action:not(:has(.dashboard-loading-status.error))",
        },
    ],
});
