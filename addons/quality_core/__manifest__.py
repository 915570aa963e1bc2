# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Quality Core",
    "summary": "Inspections on receipts, deliveries and manufacturing orders with lot holds",
    "version": "18.0.1.0.0",
    "category": "Manufacturing/Quality",
    "website": "https://github.com/qms-suite/qms",
    "author": "QMS Suite contributors, Odoo Community Association (OCA)",
    "maintainers": ["qms-suite"],
    "development_status": "Alpha",
    "license": "AGPL-3",
    "application": True,
    "installable": True,
    "depends": ["stock", "mrp", "mail"],
    "data": [
        "security/quality_core_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "views/qms_test_views.xml",
        "views/qms_control_point_views.xml",
        "views/qms_inspection_views.xml",
        "views/stock_lot_views.xml",
        "views/stock_picking_views.xml",
        "views/mrp_production_views.xml",
        "views/stock_location_views.xml",
        "report/qms_inspection_report.xml",
        "wizard/qms_reason_wizard_views.xml",
        "views/quality_core_menus.xml",
    ],
    "demo": [
        "demo/quality_core_demo.xml",
    ],
}
