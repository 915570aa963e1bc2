/** @odoo-module **/
// Copyright 2026 QMS Suite contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { Component, useState } from "@odoo/owl";
import { Dialog } from "@web/core/dialog/dialog";

/** Ask a Quality Manager why the control limits are frozen, and from which phase-I window. */
export class SpcFreezeDialog extends Component {
    static template = "quality_core.SpcFreezeDialog";
    static components = { Dialog };
    static props = {
        close: Function,
        title: String,
        chartName: String,
        product: String,
        freeze: Function,
    };

    setup() {
        this.state = useState({ reason: "", dateFrom: "", dateTo: "", busy: false });
    }

    async onConfirm() {
        if (!this.state.reason.trim() || this.state.busy) {
            return;
        }
        this.state.busy = true;
        try {
            await this.props.freeze({
                reason: this.state.reason.trim(),
                dateFrom: this.state.dateFrom,
                dateTo: this.state.dateTo,
            });
            this.props.close();
        } finally {
            this.state.busy = false;
        }
    }
}
