# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Quality Traceability",
    "summary": "Lot genealogy from suppliers through manufacturing to customers, and recalls",
    "version": "18.0.1.0.0",
    "category": "Manufacturing/Quality",
    "website": "https://github.com/qms-suite/qms",
    "author": "QMS Suite contributors, Odoo Community Association (OCA)",
    "maintainers": ["qms-suite"],
    "development_status": "Alpha",
    "license": "AGPL-3",
    "application": False,
    "installable": True,
    "depends": ["quality_core", "mrp", "purchase_stock"],
    "data": [
        "security/quality_trace_security.xml",
        "security/ir.model.access.csv",
        "data/qms_recall_sequence.xml",
        "data/qms_trace_edge_data.xml",
        "views/qms_recall_views.xml",
        "report/qms_recall_report.xml",
        "views/qms_trace_views.xml",
        "views/stock_lot_views.xml",
        "views/mrp_production_views.xml",
        "views/stock_picking_views.xml",
        "views/quality_trace_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "quality_trace/static/tests/tours/*.js",
        ],
    },
    "post_init_hook": "post_init_hook",
}
