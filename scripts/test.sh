#!/usr/bin/env bash
# Create a fresh database, install the four modules and run every test with pytest-odoo, then
# the cross-module journeys over XML-RPC.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
DB="${QMS_TEST_DB:-qms_test}"

require_odoo
require_postgres
python3 -c 'import pytest_odoo' 2>/dev/null || die "pytest-odoo is missing: pip install -r requirements.txt"

dropdb --if-exists "$DB"
echo "Installing $MODULES on a fresh database $DB"
start=$(date +%s)
# shellcheck disable=SC2046
odoo $(odoo_db_args) -d "$DB" -i "$MODULES" --without-demo=all --stop-after-init --log-level=warn
echo "Installed in $(($(date +%s) - start)) s"

conf=$(write_odoo_config)
trap 'rm -f "$conf"' EXIT
cd "$ROOT"
python3 -m pytest --odoo-config="$conf" --odoo-database="$DB" --odoo-http "$@" addons

# The cross-module journeys of tests/ drive a live server over XML-RPC, as an external script
# would (tests/conftest.py starts it on a copy of $DB). Extra arguments apply here too; when
# they select none of the journeys, pytest's "no tests collected" (5) is not a failure.
echo "Cross-module journeys over XML-RPC (tests/)"
QMS_TEST_DB="$DB" python3 -m pytest -p no:odoo -p no:cacheprovider "$@" tests || {
    status=$?
    [ "$status" -eq 5 ] || exit "$status"
}
