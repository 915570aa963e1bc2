#!/usr/bin/env bash
# Start Odoo 18 on localhost:8069 with the four modules and demo data on database "qms".
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
DB="${QMS_DB:-qms}"
PORT="${QMS_PORT:-8069}"

require_odoo
require_postgres
# shellcheck disable=SC2046
if ! psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    echo "Creating database $DB with demo data (a few minutes, once)"
    odoo $(odoo_db_args) -d "$DB" -i "$MODULES" --stop-after-init --log-level=warn
fi
echo "Odoo 18 on http://localhost:$PORT (database $DB, login admin / admin)"
# shellcheck disable=SC2046
exec bash -c "cd / && exec python3 -m odoo $(odoo_db_args) -d $DB --db-filter=^$DB\$ \
    --http-interface=127.0.0.1 --http-port=$PORT -u $MODULES"
