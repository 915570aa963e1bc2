/** @odoo-module **/
// Copyright 2026 QMS Suite contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("qms_audit_pack_tour", {
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Quality app",
            trigger: ".o_app[data-menu-xmlid='quality_core.qms_menu_root']",
            run: "click",
        },
        {
            content: "Open the Reporting menu",
            trigger: ".o_menu_sections [data-menu-xmlid='quality_core.qms_menu_reporting']",
            run: "click",
        },
        {
            content: "Open the audit packs",
            trigger: ".dropdown-item[data-menu-xmlid='quality_core.qms_audit_pack_menu']",
            run: "click",
        },
        {
            content: "Create a pack",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "For IATF 16949",
            trigger: ".o_field_widget[name='standard'] select",
            run: "selectByLabel IATF 16949:2016",
        },
        {
            content: "Set the start of the period",
            trigger: ".o_field_widget[name='date_from'] input",
            run: "edit 01/01/2026",
        },
        {
            content: "Generate it",
            trigger: "button[name='action_generate']",
            run: "click",
        },
        {
            content: "The pack is generated",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Generated')",
        },
        {
            content: "Its clauses are listed with their IATF 16949 numbers",
            trigger: ".o_field_widget[name='section_ids'] td:contains('8.5.2.1')",
        },
        {
            content: "The ZIP can be downloaded",
            trigger: "button[name='action_download']",
        },
    ],
});
