# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Opening a benchmark database: generating into it once, running a benchmark on what was
generated and rolling it back."""

import argparse
import json
import sys

from odoo import SUPERUSER_ID
from odoo.api import Environment
from odoo.modules.registry import Registry
from odoo.tools import SQL, config

from .bulk import Timer

# The generators write their few ORM records without chatter messages or tracking.
GENERATION_CONTEXT = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}


def generator_parser(doc, scale_help, verify_help):
    """The options every generator takes; a generator adds its own."""
    parser = argparse.ArgumentParser(
        description=doc, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--scale", type=float, default=1.0, help=scale_help)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument(
        "--status",
        action="store_true",
        help="print what was generated and exit 0, or exit 1 if nothing was",
    )
    parser.add_argument("--verify", action="store_true", help=verify_help)
    return parser


def generated_before(env, args, marker, verify):
    """--status and --verify on what was generated (``verify(env, summary)``), and no second
    generation on a filled database. Returns an exit status, or None when generating may go on.
    """
    done = env["ir.config_parameter"].sudo().get_param(marker)
    if args.status:
        if done:
            print(done)
            return 0
        return 1
    if args.verify:
        if not done:
            print("nothing generated in %s" % args.database, file=sys.stderr)
            return 2
        return verify(env, json.loads(done))
    if done:
        print(
            "%s already holds generated data; drop the database to generate again." % args.database,
            file=sys.stderr,
        )
        return 2
    return None


def save_summary(env, marker, summary, timer):
    """What was generated goes to the marker parameter, and everything is committed at once."""
    env["ir.config_parameter"].sudo().set_param(marker, json.dumps(summary))
    env.cr.commit()  # pylint: disable=invalid-commit
    timer.lap("commit")


def open_registry(args):
    config.parse_config(["-c", args.config, "-d", args.database])
    return Registry(args.database)


def generation_env(cr):
    return Environment(cr, SUPERUSER_ID, GENERATION_CONTEXT)


def tune_for_bulk(cr):
    """Settings of the one generating transaction: no wait for the WAL, big sorts in memory."""
    cr.execute("SET LOCAL synchronous_commit = off")
    cr.execute("SET LOCAL work_mem = '256MB'")
    cr.execute("SET LOCAL maintenance_work_mem = '512MB'")


def analyze(registry, tables, timer):
    """Fresh planner statistics on the bulk tables, in a transaction of its own."""
    with registry.cursor() as cr:
        for table in tables:
            cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
        cr.commit()  # pylint: disable=invalid-commit
    timer.lap("analyze")


def run_generator(parser, marker, generate, verify, tables, model, what):
    """A generator's main: ``--status`` / ``--verify`` (``verify(env, summary)``) / no second
    generation, then ``generate(env, args, timer)``, which returns the summary, in one bulk
    transaction committed with the summary in the ``marker`` parameter, and ``ANALYZE`` of
    ``tables``. ``model`` must exist (its module installed). Returns the exit status."""
    args = parser.parse_args()
    registry = open_registry(args)
    with registry.cursor() as cr:
        env = generation_env(cr)
        status = generated_before(env, args, marker, verify)
        if status is not None:
            return status
        if model not in env:
            print("%s is missing: install its module first" % model, file=sys.stderr)
            return 2
        timer = Timer()
        print(
            "Generating %s in %s (scale %g, seed %d)"
            % (what, args.database, args.scale, args.seed),
            flush=True,
        )
        tune_for_bulk(cr)
        summary = generate(env, args, timer)
        summary.update(scale=args.scale, seed=args.seed, generation_seconds=round(timer.total(), 1))
        save_summary(env, marker, summary, timer)
    analyze(registry, tables, timer)
    print("Generated in %.1f s:" % timer.total())
    for key, value in summary.items():
        if isinstance(value, (int, float, str)):
            print("  %-26s %s" % (key.replace("_", " "), value))
    return 0


def run_on_generated_data(args, marker, bench_class, what, generator):
    """Run ``bench_class(env, args, summary).run()`` on the generated database, then roll back.

    Exit status: 0 when every check passed, 1 when one failed, 2 without generated data.
    """
    registry = open_registry(args)
    with registry.cursor() as cr:
        env = Environment(cr, SUPERUSER_ID, {})
        summary = env["ir.config_parameter"].sudo().get_param(marker)
        if not summary:
            print(
                "%s has no generated %s: run bench/%s first." % (args.database, what, generator),
                file=sys.stderr,
            )
            return 2
        bench = bench_class(env, args, json.loads(summary))
        try:
            ok = bench.run()
        finally:
            cr.rollback()
    return 0 if ok else 1
