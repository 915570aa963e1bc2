#!/usr/bin/env bash
# Run Odoo's own stock, purchase_stock and mrp test suites on a database where the four
# modules are installed (with demo data, as Odoo's runbot does): they must pass as without them.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
DB="${QMS_ODOO_TEST_DB:-qms_odoo_test}"
SUITES="${QMS_ODOO_SUITES:-stock,purchase_stock,mrp}"

require_odoo
require_postgres
dropdb --if-exists "$DB"
log=$(mktemp)
# shellcheck disable=SC2046
odoo $(odoo_db_args) -d "$DB" -i "$MODULES,$SUITES" --stop-after-init --log-level=warn
# shellcheck disable=SC2046
odoo $(odoo_db_args) -d "$DB" --test-tags="/${SUITES//,/,/}" --stop-after-init \
    --log-level=test 2>&1 | tee "$log" | grep -E "(ERROR|FAIL|tests in|failed, )" || true
grep -E "[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests" "$log" | tail -n 1
if grep -qE "(ERROR|FAIL):" "$log"; then
    echo "Odoo's own tests failed; full log: $log" >&2
    exit 1
fi
