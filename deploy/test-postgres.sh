#!/usr/bin/env bash
# Starts (or stops) a private Debian PostgreSQL server for the integration tests: its own data folder, port and
# socket, a user and password of its own. Prints the environment the tests read (LHX_TEST_PG_*).
#   deploy/test-postgres.sh start   # installs the postgresql package if missing
#   deploy/test-postgres.sh stop
set -euo pipefail
action="${1:-start}"
port="${LHX_TEST_PG_PORT:-55432}"
dir="${LHX_TEST_PG_DIR:-/tmp/lhx-test-postgres}"
user=lhx
password=lhx-test-password

# The server binaries (initdb, pg_ctl); the client package alone has a bin folder without them.
bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1)" 2>/dev/null || true)
[ -x "$bin/initdb" ] || bin=
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }

case "$action" in
  start)
    if [ -z "$bin" ]; then
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql >/dev/null
      bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
    fi
    if [ -f "$dir/postmaster.pid" ] && as_postgres "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      :
    else
      rm -rf "$dir" && mkdir -p "$dir" && chown postgres:postgres "$dir"
      pwfile=$(mktemp) && echo postgres-admin > "$pwfile" && chown postgres "$pwfile"
      as_postgres "$bin/initdb" -D "$dir" -A scram-sha-256 --pwfile="$pwfile" -U postgres >/dev/null
      rm -f "$pwfile"
      as_postgres "$bin/pg_ctl" -D "$dir" -o "-p $port -k $dir -c listen_addresses=127.0.0.1" -l "$dir/server.log" -w start >/dev/null
      PGPASSWORD=postgres-admin "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres \
        -c "CREATE ROLE $user LOGIN PASSWORD '$password'" -c "CREATE DATABASE lectures OWNER $user" >/dev/null
    fi
    echo "export LHX_TEST_PG_URL=jdbc:postgresql://127.0.0.1:$port/lectures"
    echo "export LHX_TEST_PG_USER=$user"
    echo "export LHX_TEST_PG_PASSWORD=$password"
    ;;
  stop)
    if [ -n "$bin" ] && [ -f "$dir/postmaster.pid" ]; then
      as_postgres "$bin/pg_ctl" -D "$dir" -m fast stop >/dev/null || true
    fi
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
