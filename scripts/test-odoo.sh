#!/usr/bin/env bash
# Run Odoo's own stock, purchase_stock and mrp test suites on a database where the suite's
# modules are installed (with demo data, as Odoo's CI does), and on a database with only the
# Odoo modules they depend on: the suite must not make any of Odoo's tests fail.
#
# Odoo runs a module's at_install tests while that module installs, before the suite exists,
# so scripts/odoo_suites.py runs them after installation with every module loaded. Loaded that
# way a few of Odoo's tests fail on plain Odoo too (they assume that only their own module is
# installed); the baseline database tells those apart.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
SUITES="${QMS_ODOO_SUITES:-stock,purchase_stock,mrp}"
OUT="${QMS_ODOO_TEST_OUT:-$(mktemp -d)}"
mkdir -p "$OUT"

require_odoo
require_postgres

run_suites() {  # database, modules to install, log file
    dropdb --if-exists "$1"
    echo "Installing $2 with demo data on $1"
    # shellcheck disable=SC2046
    odoo $(odoo_db_args) -d "$1" -i "$2" --stop-after-init --log-level=warn
    echo "Running the tests of $SUITES on $1 (log: $3)"
    # shellcheck disable=SC2046
    (cd / && python3 "$ROOT/scripts/odoo_suites.py" $(odoo_db_args) -d "$1" \
        --test-tags="/${SUITES//,/,/}" --stop-after-init --log-level=test) >"$3" 2>&1 || true
    grep -aE "[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests" "$3" | tail -n 1 ||
        die "no test summary in $3"
    grep -aoE " (FAIL|ERROR): [A-Za-z0-9_.]+" "$3" | sed -E 's/^ (FAIL|ERROR): //' |
        sort -u >"$3.failed"
}

# The Odoo modules the suite depends on (sale_stock through quality_capa_sale, ...) are
# installed on the plain database too: a test that fails with them alone (two of Odoo's MTO
# tests pass a partner record where sale_stock copies it into a move) isn't the suite's doing.
ODOO_DEPENDS=$(cd "$ROOT/addons" && python3 - "$MODULES" <<'PY'
import ast
import sys

suite = sys.argv[1].split(",")
depends = set()
for module in suite:
    with open(f"{module}/__manifest__.py") as manifest:
        depends.update(ast.literal_eval(manifest.read())["depends"])
print(",".join(sorted(depends - set(suite))))
PY
)

start=$(date +%s)
# QMS_ODOO_REUSE_BASELINE=1 keeps the plain run of an earlier call with the same QMS_ODOO_TEST_OUT.
if [ -z "${QMS_ODOO_REUSE_BASELINE:-}" ] || [ ! -s "$OUT/plain.log" ]; then
    run_suites qms_odoo_plain "$ODOO_DEPENDS,$SUITES" "$OUT/plain.log"
fi
run_suites qms_odoo_suite "$MODULES,$SUITES" "$OUT/suite.log"
echo "Both runs took $(($(date +%s) - start)) s"
echo "Tests failing on plain Odoo: $(wc -l <"$OUT/plain.log.failed");" \
    "with the suite installed: $(wc -l <"$OUT/suite.log.failed")"
new=$(comm -13 "$OUT/plain.log.failed" "$OUT/suite.log.failed")
if [ -n "$new" ]; then
    echo "Odoo tests that fail only with the suite installed:" >&2
    echo "$new" >&2
    exit 1
fi
echo "No Odoo test fails because of the suite (logs in $OUT)."
