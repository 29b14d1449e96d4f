#!/usr/bin/env sh
# Makes sure a Chromium for the browser tests exists (playwright-core drives
# Debian's chromium; `npx playwright install` cannot download browsers here).
#   CHROMIUM_PATH  where the browser is expected (default /usr/bin/chromium)
# Installs Debian's `chromium` package when it is missing and we are root;
# otherwise says what to run and fails.
set -eu

CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"

if [ -x "$CHROMIUM_PATH" ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-chromium: $CHROMIUM_PATH is missing; install it with: sudo apt-get install -y chromium" >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: $CHROMIUM_PATH is missing and apt-get is not available; install Chromium by hand" >&2
  exit 1
fi

echo "ensure-chromium: installing Debian's chromium package..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
apt-get install -y -q chromium >&2

if [ ! -x "$CHROMIUM_PATH" ]; then
  echo "ensure-chromium: chromium installed but $CHROMIUM_PATH does not exist" >&2
  exit 1
fi
echo "ensure-chromium: $("$CHROMIUM_PATH" --version 2>/dev/null || echo chromium) ready" >&2
