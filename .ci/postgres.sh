#!/usr/bin/env bash
# CI: a throwaway PostgreSQL server (the shared-database setup), and the record's tests on it.
set -euo pipefail
cd "$(dirname "$0")/.."

server_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
bin="$(server_bin || true)"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  bin="$(server_bin)"
fi
# The server refuses to run as root: it runs as the postgres system user.
id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
work="$(mktemp -d /tmp/kt-postgres.XXXXXX)"
chown postgres "$work"
port=55439
as_postgres() { runuser -u postgres -- "$@"; }
as_postgres "$bin/initdb" -D "$work/db" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
as_postgres "$bin/pg_ctl" -D "$work/db" -l "$work/log" -w \
  -o "-p $port -k $work -c listen_addresses=127.0.0.1" start >/dev/null
trap 'as_postgres "$bin/pg_ctl" -D "$work/db" -m fast stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

.venv/bin/pip install -q -e ".[dev,postgres]"
KT_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres" \
  .venv/bin/python -m pytest -q -m postgres tests/core/test_postgres.py
