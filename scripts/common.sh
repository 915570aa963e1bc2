#!/usr/bin/env bash
# Shared helpers of the run and test commands: PostgreSQL, Odoo and the addons path.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODULES="quality_core,quality_supplier,quality_capa,quality_trace,quality_capa_supplier,quality_capa_sale,quality_dashboard"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-$(id -un)}"
export PGHOST PGPORT PGUSER

die() {
    echo "error: $*" >&2
    exit 1
}

# Odoo 18 must be importable by python3: the official source installed with pip (or on
# PYTHONPATH), or the official Docker image (see docker/).
require_odoo() {
    local version
    if ! version=$(cd / && python3 -c 'import odoo.release as r; print(r.serie)' 2>/dev/null); then
        die "Odoo 18 is not importable by python3. Provide it first, e.g.:
    git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo.git ~/odoo18
    pip install -r ~/odoo18/requirements.txt && pip install -e ~/odoo18
or use the official Docker image: docker compose -f docker/docker-compose.yml up"
    fi
    [ "$version" = "18.0" ] || die "python3 imports Odoo $version; this suite needs Odoo 18.0."
}

# Odoo's own addons folder (odoo/addons) plus the business addons beside the odoo package
# when it runs from a source tree, then this repository's addons.
addons_path() {
    (cd / && python3 - "$ROOT/addons" <<'PY'
import os
import sys

import odoo

package = os.path.dirname(odoo.__file__)
paths = [os.path.join(package, "addons")]
source_addons = os.path.abspath(os.path.join(package, "..", "addons"))
if os.path.isdir(os.path.join(source_addons, "stock")):
    paths.insert(0, source_addons)
paths.append(sys.argv[1])
print(",".join(paths))
PY
    )
}

# Use the PostgreSQL server on $PGHOST:$PGPORT; when none answers, start a local cluster in
# the git-ignored .pgdata folder.
require_postgres() {
    if pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; then
        return
    fi
    local bindir
    bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$bindir" ] || die "no PostgreSQL answers on $PGHOST:$PGPORT and no server binaries were found (apt-get install postgresql)."
    local data="$ROOT/.pgdata"
    local runas=()
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || die "running as root needs the postgres system user to start a local cluster"
        mkdir -p "$data" && chown postgres "$data"
        runas=(runuser -u postgres --)
    fi
    if [ ! -f "$data/PG_VERSION" ]; then
        echo "Starting a local PostgreSQL cluster in $data"
        "${runas[@]}" "$bindir/initdb" -D "$data" -U "$PGUSER" --auth=trust >/dev/null
    fi
    "${runas[@]}" "$bindir/pg_ctl" -D "$data" -l "$data/server.log" \
        -o "-p $PGPORT -k /tmp -c listen_addresses=$PGHOST" -w start >/dev/null
    pg_isready -q -h "$PGHOST" -p "$PGPORT" || die "the local PostgreSQL cluster did not start; see $data/server.log"
}

odoo() {
    (cd / && python3 -m odoo "$@")
}

odoo_db_args() {
    echo "--db_host=$PGHOST --db_port=$PGPORT --db_user=$PGUSER --addons-path=$(addons_path)"
}

# Install the four modules on database $1 without demo data, or update them if it exists.
install_or_update() {
    local action=-i
    if psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1; then
        action=-u
    fi
    # shellcheck disable=SC2046
    odoo $(odoo_db_args) -d "$1" "$action" "$MODULES" --without-demo=all --stop-after-init \
        --log-level=warn
}

# Write an Odoo configuration file for scripts that open the registry themselves; print its path.
write_odoo_config() {
    local conf
    conf=$(mktemp)
    printf '[options]\ndb_host = %s\ndb_port = %s\ndb_user = %s\naddons_path = %s\nlog_level = warn\n' \
        "$PGHOST" "$PGPORT" "$PGUSER" "$(addons_path)" >"$conf"
    echo "$conf"
}
