/** @odoo-module **/
// Copyright 2026 QMS Suite contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { registry } from "@web/core/registry";

// From a suspect finished lot: its tree, a recall of what was made from it, the quarantine.
registry.category("web_tour.tours").add("qms_trace_recall_tour", {
    steps: () => [
        {
            content: "Open the lot's tree",
            trigger: ".o_form_view button[name='action_qms_trace']",
            run: "click",
        },
        {
            content: "The tree goes back to the steel bar the shaft was made from",
            trigger: ".o_form_view .o_field_widget[name='line_ids'] .o_data_row:contains('BAR-TOUR')",
        },
        {
            content: "Start a recall of the lot",
            trigger: ".o_form_view button[name='action_start_recall']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The recall lists the gearbox made from the shaft",
            trigger:
                ".o_form_view .o_field_widget[name='stock_line_ids'] .o_data_row:contains('G-TOUR')",
        },
        {
            content: "Quarantine the affected stock in one click",
            trigger: ".o_form_view button[name='action_quarantine']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The recall is quarantined",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Quarantined')",
        },
        {
            content: "The shaft is on hold",
            trigger:
                ".o_field_widget[name='stock_line_ids'] .o_data_row:contains('S-TOUR') .badge:contains('Blocked')",
        },
        {
            content: "The gearbox is on hold",
            trigger:
                ".o_field_widget[name='stock_line_ids'] .o_data_row:contains('G-TOUR') .badge:contains('Blocked')",
        },
    ],
});
