# Copyright 2026 QMS Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Generate 3 years of nonconformities and 8D CAPAs for bench_capa.py.

Through the ORM: 300 products (no tracking, a standard price), 200 vendors (each product bought
from one), 40 customers and 8 work centres. With COPY (bench/lib/bulk.py), in the columns the
ORM writes, in creation order, names from the modules' sequences (the year of the record):

* 100,000 ``qms.nonconformity`` over the 3 years ending now, popular products more often;
  origin inspection / supplier / internal / customer / audit 40/20/23/12/5 %, with the product's
  vendor, a customer or a work centre; severity minor / major / critical 55/38/7 %; 2 % draft,
  3 % cancelled, the rest closed 5-45 days later or still open; a closed one has its
  disposition (scrap, rework, return to the vendor, use as is, repair) and the costs applying
  it writes (scrapped or returned value, 10-40 % of it to rework), 30 % other costs;
* 20,000 ``qms.capa``, each opened on one NCR (critical ones more often) with up to 2 earlier
  NCRs of the product, a SCAR to the vendor for most supplier issues; deadline 45/60/90 days by
  severity; 4 % cancelled, 11 % stalled, the others go D1..D8 and close 30-35 days after their
  actions are implemented, late as often as their vendor is (5-40 %): about 80 % closed;
* 2-4 ``qms.capa.action`` per CAPA (containment, corrective, preventive), done as steps go.

Stored computed fields as the ORM computes them (``--verify`` recomputes them). Not generated:
disposition lines and their documents, inspections, lots, chatter, CAPA teams and 5W2H texts.
"""

import random
import sys
from bisect import bisect_left
from datetime import datetime, timedelta

from lib.bulk import NameSequence, copy_dicts, lock_tables, next_id, set_sequence
from lib.session import generator_parser, run_generator
from lib.verify import verify_computed_fields

MARKER = "qms_capa_bench.generated"
TABLES = ("qms_capa", "qms_nonconformity", "qms_capa_action")
NCRS, CAPAS, DAYS = 100_000, 20_000, 3 * 365
ORIGINS = {"inspection": 40, "supplier": 20, "internal": 23, "customer": 12, "audit": 5}
SEVERITIES = {"minor": 55, "major": 38, "critical": 7}
CAPA_WEIGHT = {"minor": 0.08, "major": 0.35, "critical": 1.0}
DEADLINE_DAYS = {"minor": 90, "major": 60, "critical": 45}
DISPOSITIONS = {"scrap": 30, "rework": 30, "return": 15, "use_as_is": 20, "repair": 5}
CAUSES = {"material": 30, "method": 20, "machine": 18, "man": 15, "measurement": 10}
CAUSES["environment"] = 7
ACTIONS = {
    "containment": "Sort and block the suspect stock and work in progress",
    "corrective": "Remove the root cause",
    "preventive": "Extend the fix to similar products and processes",
}
COSTS = ("cost_scrap", "cost_rework", "cost_return", "cost_extra")


def pick(rnd, weights):
    return rnd.choices(list(weights), list(weights.values()))[0]


def master_data(env, rnd, scale):
    n = max(20, round(300 * scale))
    partners = env["res.partner"]
    vendors = partners.create(
        [
            {"name": "Vendor %03d" % i, "is_company": True, "supplier_rank": 1}
            for i in range(n * 2 // 3)
        ]
    )
    customers = partners.create(
        [{"name": "Customer %02d" % i, "is_company": True, "customer_rank": 1} for i in range(40)]
    )
    products = env["product.product"].create(
        [
            {"name": "Part %03d" % i, "default_code": "P%03d" % i, "type": "consu",
             "standard_price": round(rnd.lognormvariate(3, 1.2), 2)}
            for i in range(n)
        ]
    )  # fmt: skip
    centres = env["mrp.workcenter"].create([{"name": "Line %d" % i} for i in range(8)])
    return vendors, customers, products, centres


def plan_ncrs(rnd, count, end, vendors, customers, products, centres):
    vendor_of = {p.id: rnd.choice(vendors.ids) for p in products}
    price = {p.id: p.standard_price for p in products}
    weights = [1 / (rank + 5) for rank in range(len(products))]
    ncrs = []
    for _ in range(count):
        date = end - timedelta(seconds=rnd.randrange(DAYS * 86400))
        product = rnd.choices(products.ids, weights)[0]
        origin, severity = pick(rnd, ORIGINS), pick(rnd, SEVERITIES)
        vendor = origin == "supplier" or (origin == "inspection" and rnd.random() < 0.6)
        partner = rnd.choice(customers.ids) if origin == "customer" else None
        partner = vendor_of[product] if vendor else partner
        qty = float(max(1, round(rnd.lognormvariate(2.5, 1))))
        u, closed = rnd.random(), date + timedelta(days=rnd.uniform(5, 45))
        state = "draft" if u < 0.02 else "cancel" if u < 0.05 else "open"
        state = "closed" if state == "open" and closed < end and u < 0.97 else state
        chosen = state == "closed" or (state == "open" and rnd.random() < 0.5)
        choices = {k: w for k, w in DISPOSITIONS.items() if vendor or k != "return"}
        disposition = pick(rnd, choices) if chosen else None
        value = round(qty * price[product], 2) if state == "closed" else 0.0
        rework = round(value * rnd.uniform(0.1, 0.4), 2) if disposition == "rework" else 0.0
        extra = round(rnd.lognormvariate(5, 1), 2) if chosen and rnd.random() < 0.3 else 0.0
        ncr = {
            "date": date, "origin": origin, "severity": severity, "state": state,
            "product_id": product, "qty": qty, "partner_id": partner,
            "workcenter_id": rnd.choice(centres.ids) if not partner and origin != "audit" else None,
            "disposition": disposition,
            "cost_scrap": value if disposition == "scrap" else 0.0,
            "cost_rework": rework,
            "cost_return": value if disposition == "return" else 0.0,
            "cost_extra": extra,
            "create_date": date, "write_date": closed if state == "closed" else date,
            "capa_id": None, "root_cause_category": None,
        }  # fmt: skip
        ncr["cost"] = round(sum(ncr[k] for k in COSTS), 2)
        ncrs.append(ncr)
    return sorted(ncrs, key=lambda ncr: ncr["date"])


def capa_progress(rnd, end, opened, days, late, delay):
    """(state, step, implemented, closed) of a CAPA opened on ``opened``."""
    total = (
        days + 1 + rnd.expovariate(1 / 25) if rnd.random() < late else rnd.uniform(delay + 6, days)
    )
    closed = (opened + timedelta(days=total)).replace(microsecond=0)
    implemented = (closed - timedelta(days=delay + rnd.uniform(0, 5))).date()
    u = rnd.random()
    if u < 0.15:  # cancelled or stalled
        return (
            "cancel" if u < 0.04 else "open",
            rnd.randint(0, 5) if u < 0.04 else rnd.randint(1, 6),
            None,
            None,
        )
    if closed < end:
        return "done", 8, implemented, closed
    if implemented <= end.date():
        return "open", 7 if closed - timedelta(days=5) > end else 8, implemented, None
    progress = (end - opened) / (datetime.combine(implemented, opened.time()) - opened)
    return "open", min(6, 1 + int(6 * progress)), None, None


def plan_capas(rnd, count, end, ncrs, vendors, delay, names):
    """CAPAs on weighted-sampled NCRs (without replacement), in the order they were opened."""
    late = {v: rnd.uniform(0.05, 0.4) for v in vendors.ids}
    eligible = [n for n in ncrs if n["state"] not in ("draft", "cancel")]
    keys = [rnd.random() ** (1 / CAPA_WEIGHT[n["severity"]]) for n in eligible]
    ranked = sorted(range(len(eligible)), key=keys.__getitem__, reverse=True)[:count]
    by_product = {}
    for ncr in eligible:
        by_product.setdefault(ncr["product_id"], []).append(ncr)
    capas = []
    for ncr in sorted((eligible[i] for i in ranked), key=lambda n: n["date"]):
        opened = min(ncr["date"] + timedelta(hours=rnd.uniform(1, 72)), end - timedelta(hours=1))
        same = by_product[ncr["product_id"]]
        at = bisect_left(same, ncr["date"], key=lambda n: n["date"])
        free = [n for n in same[max(0, at - 4) : at] if not n["capa_id"]]
        linked = [ncr, *free[: rnd.choice((0, 0, 1, 2))]]
        days, partner = DEADLINE_DAYS[ncr["severity"]], ncr["partner_id"]
        deadline = opened.date() + timedelta(days=days)
        progress = capa_progress(rnd, end, opened, days, late.get(partner, 0.2), delay)
        state, step, implemented, closed = progress
        scar = partner in late and rnd.random() < 0.7
        capa = {
            "name": names.next(opened), "_product": ncr["product_id"], "_ncrs": linked,
            "title": ", ".join(n["name"] for n in linked),
            "capa_type": "scar" if scar else "preventive" if rnd.random() < 0.08 else "corrective",
            "step": "d%d" % step, "state": state, "partner_id": partner, "date_deadline": deadline,
            "root_cause_category": pick(rnd, CAUSES) if step >= 5 else None,
            "date_implemented": implemented,
            "date_effectiveness_due": implemented and implemented + timedelta(days=delay),
            "effectiveness": "effective" if closed else None,
            "date_effectiveness": closed and closed.date(), "date_closed": closed,
            "on_time": 100.0 if closed and closed.date() <= deadline else 0.0,
            "create_date": opened, "write_date": closed or opened,
        }  # fmt: skip
        capas.append(capa)
        for n in linked:
            n["capa_id"], n["root_cause_category"] = capa, capa["root_cause_category"]
    return capas


def plan_actions(rnd, capa, delay, today):
    opened, at, step = capa["create_date"].date(), capa["create_date"].time(), int(capa["step"][1])
    implemented, closed = capa["date_implemented"], capa["date_closed"]
    extra = rnd.choice(([], ["corrective"], ["preventive"], ["corrective", "preventive"]))
    for kind in ["containment", "corrective", *extra]:
        if kind == "containment":
            deadline, done = opened + timedelta(days=3), opened + timedelta(days=rnd.randint(1, 5))
            done = done if step >= 4 else None
        elif kind == "corrective":
            deadline = opened + timedelta(
                days=max(7, (capa["date_deadline"] - opened).days - delay)
            )
            done = implemented and max(opened, implemented - timedelta(days=rnd.randint(0, 10)))
        else:
            deadline, done = capa["date_deadline"], closed and closed.date()
        done = done and min(done, today)
        yield {
            "capa_id": capa["id"], "action_type": kind, "name": ACTIONS[kind],
            "date_deadline": deadline, "state": "done" if done else "open", "date_done": done,
            "create_date": capa["create_date"],
            "write_date": datetime.combine(done, at) if done else capa["create_date"],
        }  # fmt: skip


def generate(env, args, timer):
    rnd = random.Random(args.seed)
    cr, uid = env.cr, env.uid
    end = datetime.now().replace(microsecond=0) - timedelta(hours=1)
    delay = env["qms.capa"]._qms_effectiveness_delay()
    vendors, customers, products, centres = master_data(env, rnd, args.scale)
    env.flush_all()
    timer.lap("master data (ORM): %d products, %d vendors" % (len(products), len(vendors)))
    lock_tables(cr, TABLES)
    first = {table: next_id(cr, table) for table in TABLES}
    seqs = env["ir.sequence"].search([("code", "in", ("qms.nonconformity", "qms.capa"))])
    names = {seq.code: NameSequence(seq) for seq in seqs}
    ncrs = plan_ncrs(rnd, round(NCRS * args.scale), end, vendors, customers, products, centres)
    for i, ncr in enumerate(ncrs):
        ncr.update(
            id=first["qms_nonconformity"] + i, name=names["qms.nonconformity"].next(ncr["date"])
        )
    capas = plan_capas(rnd, round(CAPAS * args.scale), end, ncrs, vendors, delay, names["qms.capa"])
    label = dict(zip(products.ids, products.mapped("display_name"), strict=True))
    actions = []
    for i, capa in enumerate(capas):
        capa["id"] = first["qms_capa"] + i
        capa["title"] = "%s: %s" % (label[capa["_product"]], capa["title"])
        actions.extend(plan_actions(rnd, capa, delay, end.date()))
    for ncr in ncrs:
        ncr["capa_id"] = ncr["capa_id"] and ncr["capa_id"]["id"]
    timer.lap("plan: %d NCRs, %d CAPAs, %d actions" % (len(ncrs), len(capas), len(actions)))
    constants = {"company_id": env.company.id, "user_id": uid, "create_uid": uid, "write_uid": uid}
    counts = {}
    for table, rows in zip(TABLES, (capas, ncrs, actions), strict=True):
        counts[table] = copy_dicts(env, table, table.replace("_", "."), rows, constants)
    for table in TABLES:
        set_sequence(cr, table)
    for sequence in names.values():
        sequence.save()
    timer.lap("written (COPY): %s" % ", ".join("%s %d" % item for item in counts.items()))
    done = [c for c in capas if c["state"] == "done"]
    return {
        "ncrs": len(ncrs), "capas": len(capas), "actions": len(actions),
        "products": len(products), "vendors": len(vendors),
        "ncrs_with_capa": sum(len(c["_ncrs"]) for c in capas), "capas_closed": len(done),
        "on_time_rate": round(sum(c["on_time"] for c in done) / max(1, len(done)), 1),
        "first_date": str(ncrs[0]["date"]), "last_date": str(ncrs[-1]["date"]),
        "first_ids": first, "vendor_ids": vendors.ids,
    }  # fmt: skip


def verify(env, summary):
    print("Recomputing stored computed fields of generated records (rolled back):")
    models = ("qms.nonconformity", "qms.capa", "qms.capa.action")
    rnd, first_ids = random.Random(7), summary["first_ids"]
    problems = verify_computed_fields(env, rnd, 300, models, first_ids=first_ids)
    product = env["product.product"].search([], limit=1)
    ncr = env["qms.nonconformity"].create({"product_id": product.id})
    capa = env["qms.capa"].create({"title": "verify"})
    taken = env["qms.capa"].search_count([("name", "=", capa.name)]) > 1
    print("  next names through the ORM: %s, %s%s" % (ncr.name, capa.name, " TAKEN" * taken))
    env.cr.rollback()
    problems += taken
    print("verify: %s" % ("%d problem(s)" % problems if problems else "consistent with Odoo"))
    return 1 if problems else 0


if __name__ == "__main__":
    parser = generator_parser(
        __doc__,
        scale_help="1 = 100,000 NCRs and 20,000 CAPAs (and 300 products, 200 vendors)",
        verify_help="recompute stored computed fields of sampled records with the ORM and "
        "create an NCR and a CAPA through it (names after the generated ones), rolled back",
    )
    sys.exit(run_generator(parser, MARKER, generate, verify, TABLES, "qms.capa", "NCRs and CAPAs"))
