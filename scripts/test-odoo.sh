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
echo "Installing $MODULES,$SUITES with demo data on $DB"
# shellcheck disable=SC2046
odoo $(odoo_db_args) -d "$DB" -i "$MODULES,$SUITES" --stop-after-init --log-level=warn
echo "Running the tests of $SUITES (log: $log)"
# Odoo would run at_install tests while each module installs, before the suite exists;
# odoo_suites.py runs them with every installed module loaded.
# shellcheck disable=SC2046
(cd / && python3 "$ROOT/scripts/odoo_suites.py" $(odoo_db_args) -d "$DB" \
    --test-tags="/${SUITES//,/,/}" --stop-after-init --log-level=test) >"$log" 2>&1 || true
grep -E "^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL)" "$log" | head -n 50 || true
summary=$(grep -E "[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests" "$log" | tail -n 1)
echo "${summary:-no test summary found}"
if [ -z "$summary" ] || grep -qE "^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL)" "$log"; then
    echo "Odoo's own tests did not pass; full log: $log" >&2
    exit 1
fi
echo "Odoo's own tests passed; full log: $log"
