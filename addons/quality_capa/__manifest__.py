# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Quality CAPA",
    "summary": "Nonconformities, dispositions, 8D CAPA and customer complaints",
    "version": "18.0.1.0.0",
    "category": "Manufacturing/Quality",
    "website": "https://github.com/qms-suite/qms",
    "author": "QMS Suite contributors, Odoo Community Association (OCA)",
    "maintainers": ["qms-suite"],
    "development_status": "Alpha",
    "license": "AGPL-3",
    "application": False,
    "installable": True,
    "depends": ["quality_core", "base_automation", "portal"],
    "data": [
        "security/quality_capa_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/base_automation_data.xml",
        "data/qms_capa_data.xml",
        "data/mail_template_data.xml",
        "views/qms_nonconformity_views.xml",
        "views/qms_capa_views.xml",
        "views/qms_complaint_views.xml",
        "report/qms_capa_report.xml",
        "views/portal_templates.xml",
        "wizard/qms_register_wizard_views.xml",
        "views/source_views.xml",
        "views/mrp_views.xml",
        "views/qms_overview_views.xml",
        "views/quality_capa_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "quality_capa/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/quality_capa_demo.xml",
    ],
}
