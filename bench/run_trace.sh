#!/usr/bin/env bash
# Traceability benchmark: a database with the suite and a large generated lot genealogy (made
# once, kept between runs), then bench_trace.py on it. Options go to bench_trace.py.
#   QMS_TRACE_BENCH_DB (qms_trace_bench)  QMS_TRACE_SCALE (1: ~1,000,000 done move lines)
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
DB="${QMS_TRACE_BENCH_DB:-qms_trace_bench}"
SCALE="${QMS_TRACE_SCALE:-1}"

require_odoo
require_postgres
install_or_update "$DB"
conf=$(write_odoo_config)
trap 'rm -f "$conf"' EXIT
cd /
if python3 "$ROOT/bench/trace_generate.py" --config "$conf" --database "$DB" --status >/dev/null; then
    # Generated earlier; the genealogy links are rebuilt if quality_trace came afterwards.
    python3 "$ROOT/bench/trace_generate.py" --config "$conf" --database "$DB" --rebuild-edges
else
    start=$(date +%s)
    nice -n 10 python3 "$ROOT/bench/trace_generate.py" --config "$conf" --database "$DB" \
        --scale "$SCALE"
    echo "Generation took $(($(date +%s) - start)) s (once: later runs reuse $DB)."
fi
python3 "$ROOT/bench/bench_trace.py" --config "$conf" --database "$DB" "$@"
