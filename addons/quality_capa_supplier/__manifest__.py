# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Quality CAPA - Supplier Scorecard",
    "summary": "Supplier corrective action requests (SCAR) in the supplier scorecard",
    "version": "18.0.1.0.0",
    "category": "Manufacturing/Quality",
    "website": "https://github.com/qms-suite/qms",
    "author": "QMS Suite contributors, Odoo Community Association (OCA)",
    "maintainers": ["qms-suite"],
    "development_status": "Alpha",
    "license": "AGPL-3",
    "application": False,
    "installable": True,
    "auto_install": True,
    "depends": ["quality_capa", "quality_supplier"],
    "data": [
        "views/res_partner_views.xml",
    ],
}
