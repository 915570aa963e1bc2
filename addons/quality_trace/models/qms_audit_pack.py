# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import time

from odoo import models
from odoo.tools import SQL

from odoo.addons.quality_core.models.qms_audit_pack import AuditSection
from odoo.addons.quality_core.models.qms_xlsx_mixin import XlsxSheet

# The documents of a trace listed in the drill, with their models.
DRILL_DOCUMENTS = (
    ("purchase_orders", "purchase.order"),
    ("suppliers", "res.partner"),
    ("productions", "mrp.production"),
    ("inspections", "qms.inspection"),
    ("deliveries", "stock.picking"),
    ("customers", "res.partner"),
)


class QmsAuditPack(models.Model):
    _inherit = "qms.audit.pack"

    def _qms_audit_section_trace(self):
        """§8.5.2 / IATF §8.5.2.1: a recall drill on the last lot made in the period (or, in a
        plant that makes nothing, the last lot received): its backward and forward trace, and
        how long each took."""
        lot = self._qms_audit_drill_lot()
        if not lot:
            return AuditSection(
                [(self.env._("Lot traced"), self.env._("No lot was made or received"))]
            )
        traces, timings = {}, {}
        for direction in ("backward", "forward"):
            started = time.perf_counter()
            traces[direction] = lot._qms_trace_data(direction)
            timings[direction] = round(1000 * (time.perf_counter() - started), 1)
        directions = {"backward": self.env._("Backward"), "forward": self.env._("Forward")}
        lots = self.env["stock.lot"].browse(
            {row["lot_id"] for trace in traces.values() for row in trace["lots"]}
        )
        lot_names = dict(zip(lots.ids, lots.mapped("display_name"), strict=True))
        lot_products = {item.id: item.product_id.display_name for item in lots}
        lot_rows = [
            [directions[direction], row["depth"], lot_names[row["lot_id"]]]
            + [lot_products[row["lot_id"]]]
            for direction, trace in traces.items()
            for row in trace["lots"]
        ]
        labels = {
            "purchase_orders": self.env._("Purchase Order"),
            "suppliers": self.env._("Supplier"),
            "productions": self.env._("Manufacturing Order"),
            "inspections": self.env._("Inspection"),
            "deliveries": self.env._("Delivery"),
            "customers": self.env._("Customer"),
        }
        document_rows = [
            [directions[direction], labels[key], record.display_name]
            for direction, trace in traces.items()
            for key, model in DRILL_DOCUMENTS
            for record in self.env[model].browse(trace.get(key) or [])
        ]
        backward, forward = traces["backward"], traces["forward"]
        return AuditSection(
            [
                (self.env._("Lot traced"), lot.display_name),
                (self.env._("Product"), lot.product_id.display_name),
                (self.env._("Backward trace (ms)"), timings["backward"]),
                (self.env._("Forward trace (ms)"), timings["forward"]),
                (self.env._("Lots upstream"), len(backward["lots"]) - 1),
                (self.env._("Suppliers found"), len(backward["suppliers"])),
                (self.env._("Lots downstream"), len(forward["lots"]) - 1),
                (self.env._("Deliveries found"), len(forward["deliveries"])),
                (self.env._("Customers found"), len(forward["customers"])),
            ],
            [
                XlsxSheet(
                    self.env._("Recall Drill Lots"),
                    [
                        self.env._("Direction"),
                        self.env._("Depth"),
                        self.env._("Lot/Serial Number"),
                        self.env._("Product"),
                    ],
                    lot_rows,
                    (12, 8, 24, 40),
                ),
                XlsxSheet(
                    self.env._("Recall Drill Documents"),
                    [self.env._("Direction"), self.env._("Document"), self.env._("Reference")],
                    document_rows,
                    (12, 22, 40),
                ),
            ],
        )

    def _qms_audit_drill_lot(self):
        """The lot the drill traces: the last one produced in the period, else received."""
        start, stop = self._qms_audit_bounds()
        for source in (
            SQL("move.production_id IS NOT NULL"),
            SQL("move.purchase_line_id IS NOT NULL"),
        ):
            self.env.cr.execute(
                SQL(
                    """
                    SELECT line.lot_id
                      FROM stock_move_line line
                      JOIN stock_move move ON move.id = line.move_id
                     WHERE %s AND line.state = 'done' AND line.lot_id IS NOT NULL
                       AND line.company_id IN %s AND line.date >= %s AND line.date < %s
                     ORDER BY line.date DESC, line.id DESC
                     LIMIT 1
                    """,
                    source,
                    self._qms_audit_company_ids(),
                    start,
                    stop,
                )
            )
            row = self.env.cr.fetchone()
            if row:
                return self.env["stock.lot"].browse(row[0])
        return self.env["stock.lot"]
