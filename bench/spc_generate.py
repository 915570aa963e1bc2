# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Generate 1,000,000 measurements of one test for bench_spc.py.

Through the ORM: a measured test (bore diameter, 10.000 ± 0.050 mm), a product, a control
point on receipts. With SQL (``INSERT ... SELECT``, seeded), in the columns the ORM writes:
200,000 decided inspections of the product over two years, one result line each, and 5 values
per unit on each line: 1,000,000 ``qms.inspection.measure``. The process is normal (σ 0.01 mm)
and its mean drifts by +0.01 mm over the last 2 % of the inspections, so the run rules have
something to find.
"""

import sys

from lib.session import generator_parser, run_generator

MARKER = "qms_spc_bench.generated"
TABLES = ("qms_inspection", "qms_inspection_line", "qms_inspection_measure")
UNITS = 5


def generate(env, args, timer):
    inspections = int(200_000 * args.scale)
    cr = env.cr
    test = env["qms.test"].create(
        {
            "name": "Bore diameter",
            "test_type": "measure",
            "norm": 10.0,
            "tolerance_min": 9.95,
            "tolerance_max": 10.05,
            "spc_chart": "xbar_r",
            "spc_subgroup_size": UNITS,
        }
    )
    product = env["product.product"].create({"name": "SPC Bench Bushing", "is_storable": True})
    warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
    point = env["qms.control.point"].create(
        {
            "name": "SPC bench receipts",
            "picking_type_ids": [(6, 0, warehouse.in_type_id.ids)],
            "test_ids": [(6, 0, test.ids)],
            "sampling_method": "fixed",
            "sample_qty": UNITS,
            "product_ids": [(6, 0, product.ids)],
        }
    )
    env.flush_all()
    timer.lap("master data (ORM)")
    cr.execute("SELECT setseed(%s)", [args.seed / 1000.0])
    values = {
        "point": point.id,
        "product": product.id,
        "company": env.company.id,
        "type": warehouse.in_type_id.id,
        "uid": env.uid,
        "test": test.id,
        "count": inspections,
        "units": UNITS,
        "drift": int(inspections * 0.98),
    }
    cr.execute(
        """
        INSERT INTO qms_inspection
               (name, control_point_id, timing, blocking, sampling_method, product_id, qty,
                sample_size, defect_count, accept_number, reject_number, picking_type_id,
                state, result, decision, date_done, company_id, user_id,
                create_uid, write_uid, create_date, write_date)
        SELECT 'SPCB/' || LPAD(n::text, 7, '0'), %(point)s, 'after', FALSE, 'fixed',
               %(product)s, 100, %(units)s, 0, 0, 0, %(type)s, 'done', 'pass', 'accept',
               NOW() - INTERVAL '730 days' + n * INTERVAL '315 seconds', %(company)s, %(uid)s,
               %(uid)s, %(uid)s, NOW(), NOW()
          FROM generate_series(1, %(count)s) n
        """,
        values,
    )
    timer.lap("%d inspections" % inspections)
    cr.execute("SELECT MIN(id) FROM qms_inspection WHERE control_point_id = %s", [point.id])
    values["drift"] += cr.fetchone()[0]
    cr.execute(
        """
        INSERT INTO qms_inspection_line
               (inspection_id, sequence, test_id, name, test_type, norm, tolerance_min,
                tolerance_max, value, is_measured, result, measure_count, failed_unit_count,
                company_id, create_uid, write_uid, create_date, write_date)
        SELECT i.id, 0, %(test)s, 'Bore diameter', 'measure', 10.0, 9.95, 10.05, 10.0, TRUE,
               'pass', %(units)s, 0, %(company)s, %(uid)s, %(uid)s, NOW(), NOW()
          FROM qms_inspection i
         WHERE i.control_point_id = %(point)s
        """,
        values,
    )
    timer.lap("%d result lines" % inspections)
    cr.execute(
        """
        INSERT INTO qms_inspection_measure
               (line_id, inspection_id, test_id, product_id, company_id, sequence, value,
                result, create_uid, write_uid, create_date, write_date)
        SELECT l.id, l.inspection_id, %(test)s, %(product)s, %(company)s, u,
               v.value, CASE WHEN v.value BETWEEN 9.95 AND 10.05 THEN 'pass' ELSE 'fail' END,
               %(uid)s, %(uid)s, NOW(), NOW()
          FROM qms_inspection_line l
          JOIN qms_inspection i ON i.id = l.inspection_id
         CROSS JOIN generate_series(1, %(units)s) u
         CROSS JOIN LATERAL (
               SELECT ROUND((10.0
                      + CASE WHEN i.id >= %(drift)s THEN 0.01 ELSE 0 END
                      -- u makes the subquery run again for every unit (a new random value)
                      + 0 * u
                      + 0.01 * SQRT(-2 * LN(1 - RANDOM())) * COS(2 * PI() * RANDOM())
                      )::numeric, 4)::float AS value
               ) v
         WHERE i.control_point_id = %(point)s
        """,
        values,
    )
    cr.execute(
        """
        UPDATE qms_inspection_line l
           SET value = ROUND(m.mean::numeric, 3),
               failed_unit_count = m.failed,
               result = CASE WHEN m.failed > 0 THEN 'fail' ELSE 'pass' END
          FROM (SELECT line_id, AVG(value) AS mean,
                       COUNT(*) FILTER (WHERE result = 'fail') AS failed
                  FROM qms_inspection_measure
                 WHERE test_id = %(test)s
              GROUP BY line_id) m
         WHERE m.line_id = l.id
        """,
        values,
    )
    timer.lap("%d measurements" % (inspections * UNITS))
    cr.execute("SELECT setval('qms_inspection_id_seq', (SELECT MAX(id) FROM qms_inspection))")
    return {
        "inspections": inspections,
        "measurements": inspections * UNITS,
        "test_id": test.id,
        "product_id": product.id,
        "control_point_id": point.id,
    }


def verify(env, summary):
    count = env["qms.inspection.measure"].search_count([("test_id", "=", summary["test_id"])])
    print("measurements: %d (summary %d)" % (count, summary["measurements"]))
    return 0 if count == summary["measurements"] else 1


if __name__ == "__main__":
    parser = generator_parser(
        __doc__,
        scale_help="1 = 200,000 inspections with 5 values each: 1,000,000 measurements",
        verify_help="count the measurements",
    )
    sys.exit(
        run_generator(
            parser, MARKER, generate, verify, TABLES, "qms.inspection.measure", "SPC data"
        )
    )
