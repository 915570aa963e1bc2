#!/usr/bin/env bash
# Supplier scorecard benchmark: a database with the suite and a year of generated receipts from
# 1,000 vendors (made once, kept between runs), then bench_scorecard.py on it. Options go to
# bench_scorecard.py.
#   QMS_SCORECARD_BENCH_DB (qms_scorecard_bench)
#   QMS_SCORECARD_SCALE (1: 1,000,000 done receipt move lines, lots and inspections)
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
DB="${QMS_SCORECARD_BENCH_DB:-qms_scorecard_bench}"
SCALE="${QMS_SCORECARD_SCALE:-1}"

require_odoo
require_postgres
install_or_update "$DB"
conf=$(write_odoo_config)
trap 'rm -f "$conf"' EXIT
cd /
if python3 "$ROOT/bench/scorecard_generate.py" --config "$conf" --database "$DB" --status >/dev/null; then
    echo "Reusing the receipts generated earlier in $DB (drop it to generate again)."
else
    start=$(date +%s)
    nice -n 10 python3 "$ROOT/bench/scorecard_generate.py" --config "$conf" --database "$DB" \
        --scale "$SCALE"
    echo "Generation took $(($(date +%s) - start)) s (once: later runs reuse $DB)."
fi
python3 "$ROOT/bench/bench_scorecard.py" --config "$conf" --database "$DB" "$@"
