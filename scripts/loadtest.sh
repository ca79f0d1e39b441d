#!/usr/bin/env bash
# make loadtest: gunicorn (2 workers) on PostgreSQL with production settings, driven by
# wrk through the client list, a client's page and the outcome report, logged in.
# Prints requests per second and errors per page; exits non-zero on any error.
#
# Environment (all optional):
#   DATABASE_URL          PostgreSQL to use, created if missing
#                         (default postgres://postgres@127.0.0.1:5432/dinsos_load)
#   LOADTEST_SECONDS      total time under load, shared by the three pages (default 30)
#   LOADTEST_CONNECTIONS  concurrent connections wrk keeps open (default 8)
#   LOADTEST_PORT         where gunicorn listens on 127.0.0.1 (default 8766)
#   LOADTEST_CLIENTS      if set and `manage.py seed_bulk` exists, bulk clients to add
#                         when the database holds fewer (default: demo data only)
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/dinsos_load}"
TOTAL_SECONDS="${LOADTEST_SECONDS:-30}"
CONNECTIONS="${LOADTEST_CONNECTIONS:-8}"
PORT="${LOADTEST_PORT:-8766}"
BASE="http://127.0.0.1:${PORT}"
USERNAME=manager  # seed_demo's province-wide manager: sees every client and the report
PAGE_SECONDS=$(( TOTAL_SECONDS / 3 > 0 ? TOTAL_SECONDS / 3 : 1 ))

step() { printf '\n==== %s ====\n' "$*"; }

step "wrk"
if ! command -v wrk >/dev/null; then
  apt-get install -y -q wrk || { apt-get update -q && apt-get install -y -q wrk; }
fi
wrk --version 2>&1 | head -1 || true

step "Database ${DATABASE_URL%%@*}@... : create if missing, migrate, demo data"
"$PY" - <<'EOF'
import os

import environ
import psycopg

db = environ.Env.db_url_config(os.environ["DATABASE_URL"])
if db["ENGINE"] != "django.db.backends.postgresql":
    raise SystemExit("loadtest: DATABASE_URL must be a PostgreSQL database")
server = dict(host=db["HOST"] or None, port=db["PORT"] or None, user=db["USER"] or None,
              password=db["PASSWORD"] or None)
with psycopg.connect(dbname="postgres", autocommit=True, **server) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone():
        conn.execute(f'CREATE DATABASE "{db["NAME"]}"')
        print(f"created database {db['NAME']}")
EOF
# The seed commands run with DEBUG on (they refuse otherwise: they create logins with a
# published password); they are idempotent, and seed_demo resets the demo passwords.
DEBUG=on "$PY" manage.py migrate --noinput -v0
if [ "$(DEBUG=on "$PY" manage.py shell -v 0 -c 'from beneficiaries.models import Village; print(Village.objects.exists())' 2>/dev/null | tail -1)" != True ]; then
  DEBUG=on "$PY" manage.py load_regions
fi
DEBUG=on "$PY" manage.py seed_demo
DEBUG=on "$PY" manage.py seed_demo_programs
DEBUG=on "$PY" manage.py seed_demo_visits
if [ -n "${LOADTEST_CLIENTS:-}" ] && DEBUG=on "$PY" manage.py help seed_bulk >/dev/null 2>&1; then
  have=$(DEBUG=on "$PY" manage.py shell -v 0 -c 'from beneficiaries.models import Client; print(Client.objects.count())' 2>/dev/null | tail -1)
  if [ "$have" -lt "$LOADTEST_CLIENTS" ]; then
    DEBUG=on "$PY" manage.py seed_bulk --clients "$LOADTEST_CLIENTS"
  fi
fi
echo "clients: $(DEBUG=on "$PY" manage.py shell -v 0 -c 'from beneficiaries.models import Client; print(Client.objects.count())' 2>/dev/null | tail -1)"

step "gunicorn, 2 workers, production settings on ${BASE}"
WORK=$(mktemp -d)
# Production settings, except what plain HTTP on loopback needs: no HTTPS redirect, and
# cookies not marked Secure (a client does not send Secure cookies over http://).
export DEBUG=off
export SECRET_KEY="loadtest-$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 60)"
export ALLOWED_HOSTS=127.0.0.1,localhost
export SECURE_SSL_REDIRECT=off SESSION_COOKIE_SECURE=off CSRF_COOKIE_SECURE=off
export STATIC_ROOT="$WORK/static" MEDIA_ROOT="$WORK/media"
export LOG_LEVEL=WARNING
"$PY" manage.py collectstatic --noinput -v0
# A lockout left by an earlier failed run would make the login below fail.
"$PY" manage.py axes_reset >/dev/null

.venv/bin/gunicorn -c python:dinsos.gunicorn_conf dinsos.wsgi --bind "127.0.0.1:${PORT}" --workers 2 \
  --error-logfile "$WORK/gunicorn.log" &
GUNICORN_PID=$!
stop() {
  kill "$GUNICORN_PID" 2>/dev/null && wait "$GUNICORN_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap stop EXIT

for _ in $(seq 1 60); do
  curl -fs "${BASE}/healthz" >/dev/null && break
  kill -0 "$GUNICORN_PID" 2>/dev/null || { cat "$WORK/gunicorn.log"; exit 1; }
  sleep 0.5
done
curl -fsS "${BASE}/healthz"

step "Log in as ${USERNAME}"
DEMO_PASSWORD="${DEMO_PASSWORD:-dinsos-demo-2026}"
read -r COOKIE CLIENT_ID < <("$PY" scripts/loadtest_login.py "$BASE" "$USERNAME" "$DEMO_PASSWORD")
export LOADTEST_COOKIE="$COOKIE"
echo "logged in; client page: /clients/${CLIENT_ID}/"

step "Load: ${PAGE_SECONDS}s per page, ${CONNECTIONS} connections"
declare -a NAMES=("client list" "client detail" "outcome report")
declare -a PATHS=("/clients/" "/clients/${CLIENT_ID}/" "/reports/outcomes/")
failed=0
report=""
# One value from the RESULT line that scripts/loadtest.lua prints.
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" ${line#RESULT}"; }
for i in 0 1 2; do
  out=$(wrk --threads 2 --connections "$CONNECTIONS" --duration "${PAGE_SECONDS}s" \
    --timeout 10s --script scripts/loadtest.lua "${BASE}${PATHS[$i]}")
  line=$(grep '^RESULT ' <<<"$out") || { echo "$out"; exit 1; }
  requests=$(field requests) rps=$(field rps) p50_ms=$(field p50_ms) p99_ms=$(field p99_ms)
  non2xx=$(field non2xx) socket_errors=$(field socket_errors)
  first_bad_status=$(field first_bad_status)
  errors=$(( non2xx + socket_errors ))
  [ "$errors" -eq 0 ] || failed=1
  [ "$i" -eq 0 ] && LIST_RPS="$rps"
  row=$(printf '%-16s %-24s %9s %8s %8s %8s %7s' "${NAMES[$i]}" "${PATHS[$i]}" \
    "$requests" "$rps" "$p50_ms" "$p99_ms" "$errors")
  [ "$first_bad_status" -eq 0 ] || row="$row (first bad status: $first_bad_status)"
  report="${report}${row}"$'\n'
  echo "$row"
done

step "Result"
printf '%-16s %-24s %9s %8s %8s %8s %7s\n' page path requests "req/s" "p50 ms" "p99 ms" errors
printf '%s' "$report"
if awk -v rps="$LIST_RPS" 'BEGIN { exit !(rps >= 100) }'; then
  echo "client list: ${LIST_RPS} req/s (target >= 100 met)"
else
  echo "client list: ${LIST_RPS} req/s (target >= 100 NOT met)"
fi
if [ "$failed" -ne 0 ]; then
  echo "loadtest: FAILED, some requests did not get a 2xx answer (gunicorn log below)"
  tail -n 50 "$WORK/gunicorn.log"
  exit 1
fi
echo "loadtest: 0 errors"
