#!/usr/bin/env bash
# Runs the full replication on the embedded data set and writes every table and figure to OUT (default
# out/replication in the repository). Needs Go; installs a CJK font for the Chinese figure labels when one
# is missing. Relative paths (OUT, --data, --config) are taken from the folder you run the script in.
#
#   scripts/replicate.sh [OUT] [more cpstat replicate flags, e.g. --lang en]
set -euo pipefail
caller="$PWD"
export CPSTAT_SETUP=go
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
apt_install fonts-noto-cjk || say "no CJK font installed: Chinese figures will fail; install fonts-noto-cjk or pass --lang en"
out="$REPO/out/replication"
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
	out="$1"
	shift
fi
cd "$caller"
exec "$REPO/bin/cpstat" replicate --out "$out" "$@"
