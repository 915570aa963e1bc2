# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Control charts over 10,000 and 1,000,000 measurements, and switching over 10,000 lots.

On the data of spc_generate.py (one test, 1,000,000 values per unit):

* ``qms.test.qms_spc_data`` (SQL read, limits, Cp/Cpk/Pp/Ppk, the eight Nelson rules) for the
  last 10,000 and for all 1,000,000 measurements, on the I-MR chart (one point per value) and
  the X̄-R chart (subgroups of 5): wall time (median of ``--rounds``) and peak Python memory
  (tracemalloc, in a separate call); targets < 0.2 s for 10,000 and < 5 s for 1,000,000;
* the same data call over XML-RPC for 10,000 measurements, through an Odoo server started for
  the run (``--no-xmlrpc`` to skip);
* the switching rules of ISO 2859-1 with skip-lot: ``--lots`` (10,000) lots of one vendor
  created and decided in sequence through ``qms.inspection`` (a bad stretch in the middle
  tightens, discontinues, is resumed by a manager and recovers); the mean time per inspected
  lot and per skipped lot of every 1,000, the first and the last compared (no per-lot
  slowdown: their ratio below 1.5).

Everything the run writes is rolled back.
"""

import argparse
import os
import random
import socket
import subprocess
import sys
import time
import tracemalloc
import xmlrpc.client

from lib.figures import ms, p50, verdict
from lib.session import run_on_generated_data

MARKER = "qms_spc_bench.generated"
TARGETS = {10_000: 0.2, 1_000_000: 5.0}


class SpcBench:
    def __init__(self, env, args, summary):
        self.env, self.args, self.summary = env, args, summary
        self.test = env["qms.test"].browse(summary["test_id"])
        self.product = env["product.product"].browse(summary["product_id"])
        self.failures = []

    def run(self):
        s = self.summary
        print(
            "%d measurements of %s on %d inspections (generated in %s s)"
            % (s["measurements"], self.test.name, s["inspections"], s["generation_seconds"])
        )
        ok = True
        print("\nqms_spc_data, all eight Nelson rules (median of %d):" % self.args.rounds)
        for measurements, target in TARGETS.items():
            for chart, points in (("imr", measurements), ("xbar_r", measurements // 5)):
                seconds, peak, result = self.data_call(chart, points)
                good = seconds < target
                ok &= good
                print(
                    "  %-7s %9d values, %7d points: %s  peak %7.1f MB  %d violations  "
                    "Cpk %.2f  -> %s (< %.1f s)"
                    % (
                        chart,
                        measurements,
                        len(result["points"]),
                        ms(seconds),
                        peak / 2**20,
                        sum(len(v["point_indexes"]) for v in result["violations"]),
                        result["cpk"] or 0.0,
                        verdict(good),
                        target,
                    )
                )
        if not self.args.no_xmlrpc:
            ok &= self.xmlrpc_call()
        ok &= self.switching()
        if self.failures:
            print("Checks failed: %s" % "; ".join(self.failures))
        print("Rolled back (the switching lots, committed one by one, deleted).")
        return ok and not self.failures

    def data_call(self, chart, points):
        times = []
        for _round in range(self.args.rounds):
            self.env.invalidate_all()
            start = time.perf_counter()
            result = self.test.qms_spc_data(self.product.id, chart, points)
            times.append(time.perf_counter() - start)
        tracemalloc.start()
        self.test.qms_spc_data(self.product.id, chart, points)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        if len(result["points"]) != points:
            self.failures.append("%s: %d points, not %d" % (chart, len(result["points"]), points))
        return p50(times), peak, result

    def xmlrpc_call(self):
        """The chart's data call as a client makes it, through an Odoo server of this run."""
        port = _free_port()
        server = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "odoo",
                "-c",
                self.args.config,
                "-d",
                self.args.database,
                "--http-port=%d" % port,
                "--db-filter=^%s$" % self.args.database,
                "--max-cron-threads=0",
                "--log-level=warn",
            ],
            cwd="/",
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            common = xmlrpc.client.ServerProxy("http://127.0.0.1:%d/xmlrpc/2/common" % port)
            for _attempt in range(120):
                try:
                    common.version()
                    break
                except OSError:
                    time.sleep(0.5)
            uid = common.authenticate(self.args.database, "admin", self.args.password, {})
            if not uid:
                print("  XML-RPC: admin/%s refused, skipped" % self.args.password)
                return True
            models = xmlrpc.client.ServerProxy(
                "http://127.0.0.1:%d/xmlrpc/2/object" % port, allow_none=True
            )
            times = []
            for _round in range(self.args.rounds):
                start = time.perf_counter()
                result = models.execute_kw(
                    self.args.database,
                    uid,
                    self.args.password,
                    "qms.test",
                    "qms_spc_data",
                    [[self.test.id], self.product.id, "imr", 10_000],
                )
                times.append(time.perf_counter() - start)
            good = p50(times) < TARGETS[10_000]
            print(
                "\nXML-RPC qms_spc_data, I-MR of the last 10,000 values: %s (%d points, "
                "median of %d, server and client on this machine, XML encoding and parsing "
                "included), server peak RSS %s -> %s (< %.1f s)"
                % (
                    ms(p50(times)),
                    len(result["points"]),
                    self.args.rounds,
                    _peak_rss(server.pid),
                    verdict(good),
                    TARGETS[10_000],
                )
            )
            return good
        finally:
            server.terminate()
            server.wait(timeout=30)

    def switching(self):
        """Lots of one vendor created and decided one after the other, switching rules and
        skip-lot on: the time per lot must not grow with the lots already read.

        Each lot is committed, as each receipt is a transaction of its own: in one transaction
        the sampling state's row would keep every version of itself (thousands of updates
        that only a commit lets PostgreSQL prune), and the bench would time that. What the run
        created is deleted afterwards."""
        env = self.env
        env.cr.rollback()
        try:
            return self._switching(env)
        finally:
            env.cr.rollback()
            self._switching_cleanup(env)

    def _switching_cleanup(self, env):
        cr = env.cr
        cr.execute("SELECT id FROM qms_control_point WHERE name->>'en_US' = 'Switching bench'")
        points = [row[0] for row in cr.fetchall()]
        if not points:
            return
        cr.execute("SELECT id FROM qms_inspection WHERE control_point_id = ANY(%s)", [points])
        inspections = [row[0] for row in cr.fetchall()]
        cr.execute("SELECT id FROM qms_sampling_state WHERE control_point_id = ANY(%s)", [points])
        states = [row[0] for row in cr.fetchall()]
        for model, ids in (("qms.inspection", inspections), ("qms.sampling.state", states)):
            cr.execute(
                "DELETE FROM mail_message WHERE model = %s AND res_id = ANY(%s)", [model, ids]
            )
            cr.execute(
                "DELETE FROM mail_followers WHERE res_model = %s AND res_id = ANY(%s)",
                [model, ids],
            )
        cr.execute("DELETE FROM qms_inspection WHERE id = ANY(%s)", [inspections])
        cr.execute("DELETE FROM qms_sampling_state WHERE id = ANY(%s)", [states])
        cr.execute(
            "DELETE FROM stock_move WHERE product_id IN (SELECT p.id FROM product_product p "
            "JOIN product_template t ON t.id = p.product_tmpl_id "
            "WHERE t.name->>'en_US' = 'Switching bench part')"
        )
        cr.execute(
            "DELETE FROM stock_picking WHERE partner_id IN "
            "(SELECT id FROM res_partner WHERE name = 'Switching bench vendor')"
        )
        cr.execute("DELETE FROM qms_control_point WHERE id = ANY(%s)", [points])
        cr.execute("DELETE FROM qms_test WHERE name->>'en_US' = 'Switching bench visual'")
        cr.execute("DELETE FROM product_template WHERE name->>'en_US' = 'Switching bench part'")
        cr.execute("DELETE FROM res_partner WHERE name = 'Switching bench vendor'")
        cr.commit()  # pylint: disable=invalid-commit
        env.invalidate_all()

    def _switching(self, env):
        # Importable once the registry is open (the addons path comes with it).
        from odoo.addons.quality_core.models.qms_inspection import InspectionCandidate

        warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
        product = env["product.product"].create({"name": "Switching bench part"})
        vendor = env["res.partner"].create({"name": "Switching bench vendor"})
        visual = env["qms.test"].create({"name": "Switching bench visual"})
        point = env["qms.control.point"].create(
            {
                "name": "Switching bench",
                "picking_type_ids": [(6, 0, warehouse.in_type_id.ids)],
                "test_ids": [(6, 0, visual.ids)],
                "product_ids": [(6, 0, product.ids)],
                "sampling_method": "aql",
                "aql_switching": True,
                "reduced_allowed": True,
                "skip_lot": True,
                "skip_lot_after": 10,
                "skip_lot_interval": 3,
            }
        )
        supplier = env.ref("stock.stock_location_suppliers")

        def receipt():
            """A receipt of its own for each lot, as 10,000 receipts of the vendor are."""
            return (
                env["stock.picking"]
                .create(
                    {
                        "picking_type_id": warehouse.in_type_id.id,
                        "partner_id": vendor.id,
                        "location_id": supplier.id,
                        "location_dest_id": warehouse.lot_stock_id.id,
                        "move_ids": [
                            (
                                0,
                                0,
                                {
                                    "name": product.name,
                                    "product_id": product.id,
                                    "product_uom_qty": 500,
                                    "location_id": supplier.id,
                                    "location_dest_id": warehouse.lot_stock_id.id,
                                },
                            )
                        ],
                    }
                )
                .move_ids
            )

        Inspection = env["qms.inspection"]
        rng = random.Random(2859)
        # Per block of 1,000 lots: seconds spent on inspected lots (created and decided) and on
        # skipped ones (created released), and how many of each.
        blocks = []
        block = {"inspected": 0.0, "inspected_count": 0, "skipped": 0.0, "skipped_count": 0}
        severities, resumed = {}, 0
        env.cr.commit()  # pylint: disable=invalid-commit
        for index in range(self.args.lots):
            # Each receipt is a transaction of its own, with an empty record cache.
            move = receipt()
            env.cr.commit()  # pylint: disable=invalid-commit
            env.invalidate_all()
            start = time.perf_counter()
            candidate = InspectionCandidate(
                product=product,
                lot=env["stock.lot"],
                lot_name="SWB-%05d" % index,
                qty=500.0,
                move=move,
                production=env["mrp.production"],
                picking_type=warehouse.in_type_id,
                partner=vendor,
                company=env.company,
            )
            inspection = Inspection._qms_create_wanted({index: (point, candidate)})
            if inspection.skipped:
                block["skipped"] += time.perf_counter() - start
                block["skipped_count"] += 1
            else:
                # A bad stretch in the middle: tightened, discontinued, resumed, and back.
                bad = rng.random() < (0.25 if 4000 <= index < 4200 else 0.02)
                inspection.line_ids.answer = "fail" if bad else "pass"
                inspection.defect_count = inspection.reject_number if bad else 0
                inspection.action_done()
                block["inspected"] += time.perf_counter() - start
                block["inspected_count"] += 1
                severities[inspection.severity] = severities.get(inspection.severity, 0) + 1
                state = inspection.sampling_state_id
                if state.severity == "discontinued":
                    state.action_resume("The vendor's 8D is closed (bench)")
                    resumed += 1
            env.cr.commit()  # pylint: disable=invalid-commit
            if (index + 1) % 1000 == 0:
                blocks.append(block)
                block = dict.fromkeys(block, 0)
        state = env["qms.sampling.state"].search([("control_point_id", "=", point.id)])

        def per_lot(block, kind):
            return block[kind] / max(block[kind + "_count"], 1) * 1000

        first, last = blocks[0], blocks[-1]
        ratio = per_lot(last, "inspected") / per_lot(first, "inspected")
        good = ratio < 1.5
        print(
            "\nSwitching rules and skip-lot, %d lots of one vendor in sequence:\n"
            "  inspected lot (created and decided): first 1,000 lots %.2f ms, last 1,000 "
            "%.2f ms, last/first %.2f -> %s (no per-lot slowdown: < 1.5)\n"
            "  skipped lot (created, released at once): first %.2f ms, last %.2f ms\n"
            "  per 1,000 lots, ms per inspected / skipped lot and lots inspected: %s\n"
            "  %d skipped, inspected by severity %s, %d transitions, %d resumed, now %s"
            % (
                self.args.lots,
                per_lot(first, "inspected"),
                per_lot(last, "inspected"),
                ratio,
                verdict(good),
                per_lot(first, "skipped"),
                per_lot(last, "skipped"),
                " ".join(
                    "%.1f/%.1f(%d)"
                    % (per_lot(b, "inspected"), per_lot(b, "skipped"), b["inspected_count"])
                    for b in blocks
                ),
                sum(b["skipped_count"] for b in blocks),
                severities,
                len(state.transition_ids),
                resumed,
                state.severity,
            )
        )
        return good


def _peak_rss(pid):
    """The peak resident memory of a process (Linux), as printed by /proc."""
    try:
        with open("/proc/%d/status" % pid) as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return "%.0f MB" % (int(line.split()[1]) / 1024)
    except OSError:
        pass
    return "unknown"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--rounds", type=int, default=3, help="calls of each data call")
    parser.add_argument("--lots", type=int, default=10_000, help="lots of the switching run")
    parser.add_argument("--no-xmlrpc", action="store_true", help="skip the XML-RPC call")
    parser.add_argument(
        "--password",
        default=os.environ.get("QMS_BENCH_ADMIN_PASSWORD", "admin"),
        help="admin's password for the XML-RPC call",
    )
    args = parser.parse_args()
    return run_on_generated_data(args, MARKER, SpcBench, "SPC data", "spc_generate.py")


if __name__ == "__main__":
    sys.exit(main())
