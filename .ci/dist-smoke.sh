#!/usr/bin/env bash
# Production runs the compiled JavaScript: `npm run build` → dist/, `node dist/index.js`.
# Starts it (PGlite in memory), waits for /healthz, stops it with SIGTERM and expects exit 0.
set -euo pipefail
cd "$(dirname "$0")/.."
port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
log="$(mktemp)"
health() { node -e 'fetch(process.argv[1]).then(async r=>{console.error(await r.text());process.exit(r.ok?0:1)},()=>process.exit(1))' "http://127.0.0.1:$port/healthz"; }
PORT="$port" DATA_DIR=memory:// LOG_LEVEL=warn node dist/index.js </dev/null >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  if health 2>/dev/null; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then cat "$log" >&2; echo "dist-smoke: node dist/index.js exited" >&2; exit 1; fi
  sleep 0.5
done
health || { cat "$log" >&2; kill "$pid"; exit 1; }
kill -TERM "$pid"
for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
if kill -0 "$pid" 2>/dev/null; then echo "dist-smoke: still running 30 s after SIGTERM" >&2; kill -9 "$pid"; exit 1; fi
wait "$pid" || { code=$?; cat "$log" >&2; echo "dist-smoke: exit code $code after SIGTERM" >&2; exit 1; }
echo " dist-smoke: served /healthz and stopped on SIGTERM" >&2
