# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Supplier Quality",
    "summary": "Incoming inspection, return to vendor, supplier scorecards, approved suppliers",
    "version": "18.0.1.0.0",
    "category": "Manufacturing/Quality",
    "website": "https://github.com/qms-suite/qms",
    "author": "QMS Suite contributors, Odoo Community Association (OCA)",
    "maintainers": ["qms-suite"],
    "development_status": "Alpha",
    "license": "AGPL-3",
    "application": False,
    "installable": True,
    "depends": ["quality_core", "purchase_stock"],
    "data": [
        "security/quality_supplier_security.xml",
        "views/quality_supplier_menus.xml",
    ],
}
