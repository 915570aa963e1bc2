#!/usr/bin/env bash
# Benchmarks: prepare a database with the suite installed (once), then run each benchmark.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
DB="${QMS_BENCH_DB:-qms_bench}"

require_odoo
require_postgres
install_or_update "$DB"
conf=$(write_odoo_config)
trap 'rm -f "$conf"' EXIT
cd /
python3 "$ROOT/bench/bench_receipt.py" --config "$conf" --database "$DB" "$@"
