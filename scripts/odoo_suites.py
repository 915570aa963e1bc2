# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Run Odoo's own test suites on an installed database, with every installed module loaded.

Odoo runs a module's ``at_install`` tests while that module installs, in a registry that holds
only its dependencies: stock's tests would never see the quality suite. This wrapper runs them
after the whole registry is loaded instead, ``at_install`` tests first, then ``post_install``
ones, through Odoo's own command line (so the HTTP server and test reporting are Odoo's).

Usage: python3 odoo_suites.py <odoo command-line arguments, with --test-tags and -d>
"""

import sys

import odoo.cli
from odoo.tests import loader

_make_suite = loader.make_suite


def make_suite(module_names, position="at_install"):
    if position == "at_install":
        return loader.OdooSuite([])
    at_install = _make_suite(module_names, "at_install")
    post_install = _make_suite(module_names, "post_install")
    return loader.OdooSuite(list(at_install) + list(post_install))


loader.make_suite = make_suite

if __name__ == "__main__":
    sys.argv = ["odoo", *sys.argv[1:]]
    odoo.cli.main()
