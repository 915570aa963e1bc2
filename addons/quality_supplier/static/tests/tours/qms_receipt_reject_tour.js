/** @odoo-module **/
// Copyright 2026 QMS Suite contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { registry } from "@web/core/registry";

// A lot arrives on a purchase order, fails its incoming inspection and goes back to the vendor.
registry.category("web_tour.tours").add("qms_receipt_reject_tour", {
    steps: () => [
        {
            content: "Open the receipt of the purchase order",
            trigger: ".o_form_view button[name='action_view_picking']",
            run: "click",
        },
        {
            content: "The lot is entered: validate the receipt",
            trigger: ".o_form_view .o_statusbar_buttons button[name='button_validate']",
            run: "click",
        },
        {
            content: "Open the inspection the control point created",
            trigger: ".o_form_view button[name='action_qms_view_inspections']",
            run: "click",
        },
        {
            content: "Measure the diameter",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:contains('Diameter') td[name='value']",
            run: "click",
        },
        {
            content: "10.5 mm: out of tolerance",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row .o_field_widget[name='value'] input",
            run: "edit 10.5",
        },
        {
            content: "Record the decision",
            trigger: ".o_form_view button[name='action_done']",
            run: "click",
        },
        {
            content: "The lot is rejected",
            trigger: ".o_field_widget[name='decision'] .badge:contains('Rejected')",
        },
        {
            content: "Its return to the vendor is ready",
            trigger: ".o_field_widget[name='return_picking_id'] a.o_form_uri",
        },
        {
            content: "Back to the receipt",
            trigger: ".o_breadcrumb .o_back_button a",
            run: "click",
        },
        {
            content: "The receipt shows its return",
            trigger: ".o_form_view button[name='action_see_returns']:contains('1')",
        },
        {
            content: "Back to the purchase order",
            trigger: ".o_breadcrumb .o_back_button a",
            run: "click",
        },
        {
            content: "The buyer has an activity about the rejected lot",
            trigger: ".o-mail-Activity:contains('LOT-TOUR')",
        },
    ],
});
