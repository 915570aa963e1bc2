/** @odoo-module **/
// Copyright 2026 QMS Suite contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("qms_scar_portal", {
    url: "/my/scars",
    steps: () => [
        {
            content: "Open the corrective action request",
            trigger: "a:contains('Cracked housings')",
            run: "click",
        },
        {
            content: "D3: containment",
            trigger: "textarea[name='supplier_containment']",
            run: "edit Stock at our site sorted, 2 lots blocked",
        },
        {
            content: "D4: first why",
            trigger: "input[name='why_1']",
            run: "edit Mould temperature too low",
        },
        {
            content: "D4: root cause",
            trigger: "textarea[name='root_cause']",
            run: "edit Heater of mould 3 failed without alarm",
        },
        {
            content: "D4: category",
            trigger: "select[name='root_cause_category']",
            run: "select machine",
        },
        {
            content: "D5/D6: corrective actions",
            trigger: "textarea[name='supplier_corrective']",
            run: "edit Heater replaced, temperature alarm added",
        },
        {
            content: "D7: prevention",
            trigger: "textarea[name='prevention']",
            run: "edit Alarm on all moulds, added to the maintenance plan",
        },
        {
            content: "Send the answer",
            trigger: "button[name='send_answer']",
            run: "click",
        },
        {
            content: "The answer is recorded",
            trigger: ".alert-success:contains('Thank you')",
        },
    ],
});
