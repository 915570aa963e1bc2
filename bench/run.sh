#!/usr/bin/env bash
# Benchmarks: prepare a database with the suite installed (once), then run each benchmark.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
DB="${QMS_BENCH_DB:-qms_bench}"

require_odoo
require_postgres
if ! psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    # shellcheck disable=SC2046
    odoo $(odoo_db_args) -d "$DB" -i "$MODULES" --without-demo=all --stop-after-init --log-level=warn
else
    # shellcheck disable=SC2046
    odoo $(odoo_db_args) -d "$DB" -u "$MODULES" --stop-after-init --log-level=warn
fi
conf=$(mktemp)
trap 'rm -f "$conf"' EXIT
printf '[options]\ndb_host = %s\ndb_port = %s\ndb_user = %s\naddons_path = %s\nlog_level = warn\n' \
    "$PGHOST" "$PGPORT" "$PGUSER" "$(addons_path)" >"$conf"
cd /
python3 "$ROOT/bench/bench_receipt.py" --config "$conf" --database "$DB" "$@"
