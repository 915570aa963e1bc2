#!/usr/bin/env bash
# The benchmarks' one entry point: bash bench/run.sh [receipt|trace|scorecard|capa] [options], or
# make bench BENCH=... ARGS="...". Each prepares its database (the suite installed once, later
# runs update it; the generated data made once and kept), then runs bench_<name>.py on it,
# which rolls back what it did. Options go to bench_<name>.py. Without a name: receipt.
#   receipt    QMS_BENCH_DB (qms_bench)
#   trace      QMS_TRACE_BENCH_DB (qms_trace_bench), QMS_TRACE_SCALE (1: ~1,000,000 done move lines)
#   scorecard  QMS_SCORECARD_BENCH_DB (qms_scorecard_bench),
#              QMS_SCORECARD_SCALE (1: 1,000,000 done receipt move lines, lots and inspections)
#   capa       QMS_CAPA_BENCH_DB (qms_capa_bench), QMS_CAPA_SCALE (1: 100,000 NCRs, 20,000 CAPAs)
#   spc        QMS_SPC_BENCH_DB (qms_spc_bench), QMS_SPC_SCALE (1: 1,000,000 measurements)
#   pack       the audit pack of a year on the scorecard's and the trace's databases (above)
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
BENCHES="receipt trace scorecard capa spc pack"

BENCH=receipt
if [ $# -gt 0 ] && [[ " $BENCHES " == *" $1 "* ]]; then
    BENCH=$1
    shift
elif [ $# -gt 0 ] && [[ "$1" != -* ]]; then
    die "unknown benchmark '$1'; one of: $BENCHES"
fi

# Fill database $1 once with generator $2 at scale $3; later runs reuse what it generated.
generate_once() {
    local db=$1 generator=$2 scale=$3 start
    if python3 "$ROOT/bench/$generator" --config "$conf" --database "$db" --status >/dev/null; then
        echo "Reusing the data generated earlier in $db (drop it to generate again)."
        return 1
    fi
    start=$(date +%s)
    nice -n 10 python3 "$ROOT/bench/$generator" --config "$conf" --database "$db" --scale "$scale"
    echo "Generation took $(($(date +%s) - start)) s (once: later runs reuse $db)."
}

case $BENCH in
receipt) DB="${QMS_BENCH_DB:-qms_bench}" ;;
trace) DB="${QMS_TRACE_BENCH_DB:-qms_trace_bench}" ;;
scorecard) DB="${QMS_SCORECARD_BENCH_DB:-qms_scorecard_bench}" ;;
capa) DB="${QMS_CAPA_BENCH_DB:-qms_capa_bench}" ;;
spc) DB="${QMS_SPC_BENCH_DB:-qms_spc_bench}" ;;
pack) DB="${QMS_SCORECARD_BENCH_DB:-qms_scorecard_bench}" ;;
esac
echo "Benchmark $BENCH on $DB (make bench BENCH=receipt|trace|scorecard|capa|spc|pack)"

require_odoo
require_postgres
install_or_update "$DB"
conf=$(write_odoo_config)
trap 'rm -f "$conf"' EXIT
cd /
case $BENCH in
trace)
    if ! generate_once "$DB" trace_generate.py "${QMS_TRACE_SCALE:-1}"; then
        # The genealogy links are rebuilt if quality_trace came after the data.
        python3 "$ROOT/bench/trace_generate.py" --config "$conf" --database "$DB" --rebuild-edges
    fi
    ;;
scorecard)
    generate_once "$DB" scorecard_generate.py "${QMS_SCORECARD_SCALE:-1}" || true
    ;;
capa)
    generate_once "$DB" capa_generate.py "${QMS_CAPA_SCALE:-1}" || true
    ;;
spc)
    generate_once "$DB" spc_generate.py "${QMS_SPC_SCALE:-1}" || true
    ;;
pack)
    # A year's pack on the receipts and inspections of the scorecard benchmark, then on the
    # manufacturing genealogy of the trace benchmark.
    generate_once "$DB" scorecard_generate.py "${QMS_SCORECARD_SCALE:-1}" || true
    trace_db="${QMS_TRACE_BENCH_DB:-qms_trace_bench}"
    install_or_update "$trace_db"
    if ! generate_once "$trace_db" trace_generate.py "${QMS_TRACE_SCALE:-1}"; then
        python3 "$ROOT/bench/trace_generate.py" --config "$conf" --database "$trace_db" --rebuild-edges
    fi
    status=0
    python3 "$ROOT/bench/bench_pack.py" --config "$conf" --database "$DB" --data scorecard "$@" || status=$?
    python3 "$ROOT/bench/bench_pack.py" --config "$conf" --database "$trace_db" --data trace "$@" || status=$?
    exit $status
    ;;
esac
python3 "$ROOT/bench/bench_$BENCH.py" --config "$conf" --database "$DB" "$@"
