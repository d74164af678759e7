#!/usr/bin/env bash
# Debian packages the test suite drives for real: redis-server answers the Redis example served by
# `higress-as serve`, skopeo and umoci read back the OCI image that `higress-as package` writes. `npm test` runs this first; it installs only what is missing (as
# root, the way CI and the project's machines run), so on a prepared machine it costs nothing.
set -euo pipefail
missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
command -v skopeo >/dev/null || missing+=(skopeo)
command -v umoci >/dev/null || missing+=(umoci)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "The tests need these Debian packages: ${missing[*]}. Install them (sudo apt-get install ${missing[*]}) and run npm test again." >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
