/** @odoo-module **/
// Copyright 2026 QMS Suite contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

const receiptsCard = ".o_qms_overview .o_kanban_record:has([data-qms-card='OV Receipts'])";

registry.category("web_tour.tours").add("qms_overview_tour", {
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Quality app",
            trigger: ".o_app[data-menu-xmlid='quality_core.qms_menu_root']",
            run: "click",
        },
        {
            content: "The overview shows the receipts card: two to inspect",
            trigger: `${receiptsCard} .o_qms_overview_todo:contains('2')`,
        },
        {
            content: "The work center card is there too",
            trigger: ".o_qms_overview .o_kanban_record [data-qms-card='OV Final Check']",
        },
        {
            content: "Open the late inspections of the receipts",
            trigger: `${receiptsCard} .o_qms_overview_late:contains('1')`,
            run: "click",
        },
        {
            content: "The list is filtered on the operation type...",
            trigger: ".o_list_view .o_searchview_facet:contains('OV Receipts')",
        },
        {
            content: "...and on late inspections",
            trigger: ".o_list_view .o_searchview_facet:contains('Late')",
        },
        {
            content: "It lists the late inspection only",
            trigger: ".o_list_view .o_data_row:contains('OV-LATE'):only-of-type",
        },
    ],
});
