#!/usr/bin/env bash
# Runs the full replication on the embedded data set and writes every table and figure to OUT (default
# out/replication). Needs Go; installs a CJK font for the Chinese figure labels when one is missing.
#
#   scripts/replicate.sh [OUT] [more cpstat replicate flags, e.g. --lang en]
set -euo pipefail
export CPSTAT_SETUP=go
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
apt_install fonts-noto-cjk || say "no CJK font installed: Chinese figures will fail; install fonts-noto-cjk or pass --lang en"
out="${1:-$REPO/out/replication}"
shift || true
exec "$REPO/bin/cpstat" replicate --out "$out" "$@"
