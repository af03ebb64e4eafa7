#!/usr/bin/env bash
# Installs Debian's Chromium for the Playground end-to-end suite (test/e2e/), which drives it
# through playwright-core (Playwright's own browser downloads are not reachable from CI).
# As root on Debian 12, with only the Debian mirrors reachable. Safe to run again: it installs
# only what is missing. Prints nothing on stdout; on failure, apt's output goes to stderr.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

# fonts-dejavu-core: a font with å, ä, ö for the cards (the Playground's web fonts stay offline).
PACKAGES=(chromium fonts-dejavu-core)
CHROMIUM=/usr/bin/chromium

if [[ "$(id -u)" != 0 ]]; then
  echo "e2e.sh: run as root (apt-get install)" >&2
  exit 1
fi

log="" profile="" dom=""
trap 'rm -rf ${log:+"$log"} ${profile:+"$profile"} ${dom:+"$dom"}' EXIT

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done

if ((${#missing[@]})); then
  log="$(mktemp)"
  if ! {
    apt-get -o DPkg::Lock::Timeout=600 update -qq &&
      apt-get -o DPkg::Lock::Timeout=600 install -y -qq -o Dpkg::Use-Pty=0 "${missing[@]}"
  } >"$log" 2>&1; then
    cat "$log" >&2
    echo "e2e.sh: could not install ${missing[*]}" >&2
    exit 1
  fi
fi

# The browser must start headless here: no display, as root (hence no sandbox), with no
# network but loopback (hence no background networking). Its output goes to a file, not a
# pipe: a browser helper process that outlives the check must not keep anyone waiting.
profile="$(mktemp -d)"
dom="$(mktemp)"
timeout -k 5 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --dump-dom 'data:text/html,<p>e2e-ok</p>' \
  </dev/null >"$dom" 2>/dev/null || true
if ! grep -q 'e2e-ok' "$dom"; then
  echo "e2e.sh: $CHROMIUM is installed but does not start headless" >&2
  exit 1
fi
