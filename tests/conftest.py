# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Cross-module journeys, driven over XML-RPC as an external script would.

The session starts a real Odoo server on a copy of the test database (``QMS_TEST_DB``, the
database ``make test`` installs, ``qms_test`` by default) and drops the copy afterwards: what
the journeys commit stays out of the modules' own tests.
"""

import os
import shlex
import socket
import subprocess
import time
import urllib.request
import xmlrpc.client
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _odoo_db_args():
    """The database and addons-path options of scripts/common.sh."""
    out = subprocess.run(
        ["bash", "-c", f"source {shlex.quote(str(ROOT / 'scripts/common.sh'))}; odoo_db_args"],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.split()


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Odoo:
    """One user's session of Odoo's external API; a refusal arrives as ``xmlrpc.client.Fault``."""

    def __init__(self, url, db, login, password):
        self.db, self.password, self.login = db, password, login
        self.uid = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common").authenticate(
            db, login, password, {}
        )
        assert self.uid, f"login refused for {login}"
        self.object = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)

    def __call__(self, model, method, *args, **kwargs):
        return self.object.execute_kw(
            self.db, self.uid, self.password, model, method, list(args), kwargs
        )

    def read(self, model, record_id, fields):
        [record] = self(model, "read", [record_id], fields)
        return record

    def ref(self, xmlid):
        module, name = xmlid.split(".")
        [data] = self(
            "ir.model.data",
            "search_read",
            [("module", "=", module), ("name", "=", name)],
            fields=["res_id"],
        )
        return data["res_id"]


@pytest.fixture(scope="session")
def server():
    """``(url, db)`` of a live Odoo server on a copy of the installed test database."""
    template = os.environ.get("QMS_TEST_DB", "qms_test")
    db = f"{template}_journeys"
    subprocess.run(["dropdb", "--if-exists", db], check=True)
    subprocess.run(["createdb", "-T", template, db], check=True)
    port = _free_port()
    process = subprocess.Popen(
        [
            "python3",
            "-m",
            "odoo",
            *_odoo_db_args(),
            "-d",
            db,
            f"--db-filter=^{db}$",
            "--http-interface=127.0.0.1",
            f"--http-port={port}",
            "--max-cron-threads=0",
            "--log-level=warn",
        ],
        cwd="/",
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/web/health", timeout=5) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the Odoo server on {db} did not start") from None
                time.sleep(1)
        yield url, db
    finally:
        process.terminate()
        process.wait(timeout=60)
        subprocess.run(["dropdb", "--if-exists", db], check=True)


@pytest.fixture(scope="session")
def admin(server):
    return Odoo(*server, "admin", "admin")


@pytest.fixture(scope="session")
def login(server, admin):
    """``login(name, groups)``: a user of those groups (xml ids), logged in; password = login."""

    def make(name, groups):
        group_ids = [admin.ref(group) for group in groups]
        admin(
            "res.users",
            "create",
            {
                "name": name.replace("_", " ").title(),
                "login": name,
                "password": name,
                "email": f"{name}@example.com",
                "groups_id": [(6, 0, group_ids)],
            },
        )
        return Odoo(*server, name, name)

    return make
