#!/usr/bin/env bash
# Installs and starts a local PostgreSQL for the integration tests (as root, Debian 12, no systemd).
# Prints exactly one line on stdout, for `eval "$(bash .ci/postgres.sh)"`:
#   export TEST_DATABASE_URL=postgres://sip:...@127.0.0.1:PORT/sip
# Everything else goes to stderr. Safe to run again: each step checks before it acts.
set -euo pipefail
exec 3>&1 1>&2 # keep stdout clean for the eval; fd 3 is the real stdout

PASSWORD="${SIP_PG_PASSWORD:-sip-ci-only}" # throwaway CI credential, local cluster only
export DEBIAN_FRONTEND=noninteractive

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! command -v pg_ctlcluster >/dev/null; then
  apt-get -o DPkg::Lock::Timeout=600 update -q
  apt-get -o DPkg::Lock::Timeout=600 install -y -q postgresql # waits if another apt runs
fi

VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"

# The package normally creates "main"; create it if it was turned off or removed.
if ! pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" { found = 1 } END { exit !found }'; then
  pg_createcluster --locale C.UTF-8 --port 5432 "$VERSION" main
fi

# pg_ctlcluster runs pg_ctl as the cluster owner when systemd is not PID 1 (containers, CI).
# The server outlives this script, so it must hold none of our descriptors: not fd 3 (the
# caller's $(...) pipe, which would make `eval "$(bash .ci/postgres.sh)"` wait for ever) and
# not the CI runner's own pipes (which would keep the job "running" after .ci/run ends).
start_cluster() {
  local log fd
  log="$(mktemp)"
  if ! (
    for fd in /proc/"$BASHPID"/fd/*; do
      fd="${fd##*/}"
      ((fd > 2)) && eval "exec ${fd}>&-" 2>/dev/null
    done
    exec pg_ctlcluster "$VERSION" main start </dev/null >"$log" 2>&1
  ); then
    cat "$log"
    return 1
  fi
  rm -f "$log"
}
if ! pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" && $4 == "online" { ok = 1 } END { exit !ok }'; then
  start_cluster
fi
PORT="$(pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" { print $3 }')"

for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$PORT" && break
  sleep 1
done
pg_isready -h 127.0.0.1 -p "$PORT"

psql_postgres() { (cd / && runuser -u postgres -- psql -p "$PORT" -v ON_ERROR_STOP=1 -qAt "$@"); }

# Role and database; UTF-8 with a C.UTF-8 ctype so that lower()/upper() handle å, ä, ö
# whatever locale the cluster itself was created with.
psql_postgres -v pw="$PASSWORD" <<'SQL'
SELECT 'CREATE ROLE sip LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sip') \gexec
ALTER ROLE sip WITH LOGIN PASSWORD :'pw';
SELECT 'CREATE DATABASE sip OWNER sip ENCODING ''UTF8'' LC_COLLATE ''C.UTF-8'' LC_CTYPE ''C.UTF-8'' TEMPLATE template0'
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'sip') \gexec
SQL

ENCODED_PW="$(node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$PASSWORD" 2>/dev/null || printf '%s' "$PASSWORD")"
echo "export TEST_DATABASE_URL=postgres://sip:${ENCODED_PW}@127.0.0.1:${PORT}/sip" >&3
