#!/usr/bin/env bash
# System packages the test suite drives for real (see .ci/run). Idempotent: a package is installed
# only when its command is missing, so a machine that has them needs no network.
set -euo pipefail

missing=()
command -v redis-server >/dev/null || missing+=(redis-server)

if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi
