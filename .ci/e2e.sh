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

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done

if ((${#missing[@]})); then
  log="$(mktemp)"
  trap 'rm -f "$log"' EXIT
  if ! {
    apt-get update -qq &&
      apt-get install -y -qq -o Dpkg::Use-Pty=0 "${missing[@]}"
  } >"$log" 2>&1; then
    cat "$log" >&2
    echo "e2e.sh: could not install ${missing[*]}" >&2
    exit 1
  fi
fi

# The browser must start headless here: no display, as root (hence no sandbox).
if ! timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
  --dump-dom 'data:text/html,<p>e2e-ok</p>' 2>/dev/null | grep -q 'e2e-ok'; then
  echo "e2e.sh: $CHROMIUM is installed but does not start headless" >&2
  exit 1
fi
