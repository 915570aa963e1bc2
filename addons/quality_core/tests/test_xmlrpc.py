# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import subprocess
import sys
from pathlib import Path

from odoo.tests import HttpCase, get_db_name, tagged
from odoo.tools import config

EXAMPLE_NAME = "qms_xmlrpc_example.py"


def find_example():
    """The example of the repository holding this add-on (``examples/`` at its root)."""
    for folder in Path(__file__).resolve().parents:
        if (folder / "examples" / EXAMPLE_NAME).is_file():
            return folder / "examples" / EXAMPLE_NAME
    return None


@tagged("post_install", "-at_install")
class TestXmlRpcExample(HttpCase):
    """The documented XML-RPC example runs against a live server of the test database."""

    def _run_example(self, *extra, password="admin"):
        example = find_example()
        self.assertTrue(example, f"examples/{EXAMPLE_NAME} is missing")
        return subprocess.run(
            [
                sys.executable,
                str(example),
                "--url",
                "http://127.0.0.1:%s" % config["http_port"],
                "--db",
                get_db_name(),
                "--user",
                "admin",
                "--password",
                password,
                *extra,
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def test_example_runs_the_incoming_inspection_flow(self):
        run = self._run_example("--ref", "RPC1")
        self.assertEqual(run.returncode, 0, f"stdout:\n{run.stdout}\nstderr:\n{run.stderr}")
        self.assertIn("Incoming inspection flow completed", run.stdout)
        self.assertIn("decision reject, lot blocked", run.stdout)
        self.assertIn("twice is refused", run.stdout)

        self.env.invalidate_all()
        point = self.env["qms.control.point"].search([("name", "=", "IQC Bolt RPC1")])
        self.assertEqual(len(point), 1)
        self.assertEqual((point.timing, point.picking_type_ids.code), ("after", "incoming"))
        inspections = point.inspection_ids.sorted(lambda i: i.lot_id.name)
        self.assertEqual(inspections.lot_id.mapped("name"), ["RPC1-A", "RPC1-B"])
        self.assertEqual(inspections.mapped("qty"), [60, 40])
        self.assertEqual(inspections.mapped("sample_size"), [5, 5])
        self.assertEqual(inspections.mapped("state"), ["done", "done"])
        self.assertEqual(inspections.mapped("decision"), ["accept", "concession"])
        self.assertEqual(inspections.picking_id.state, "done")
        self.assertEqual(set(inspections.lot_id.mapped("qms_state")), {"released"})
        admin = self.env.ref("base.user_admin")
        self.assertEqual(inspections.mapped("user_id"), admin)
        self.assertEqual(inspections[1].concession_user_id, admin)

    def test_example_fails_loudly_on_a_wrong_password(self):
        run = self._run_example(password="not-the-password")
        self.assertEqual(run.returncode, 1)
        self.assertIn("login refused", run.stderr)
