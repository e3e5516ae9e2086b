#!/usr/bin/env bash
# Starts Jupyter with the GoNB kernel on 127.0.0.1, opened at notebooks/. Jupyter prints the address with its
# access token; open that address in a browser on this machine. Authentication stays on. Further arguments
# go to `jupyter notebook`; as root, --allow-root is added because Jupyter refuses to start without it.
#
#   PORT=8899 scripts/notebook.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
export CPSTAT_ROOT="$REPO"
extra=()
if [ "$(id -u)" -eq 0 ]; then
	extra+=(--allow-root)
fi
cd "$REPO/notebooks"
exec jupyter notebook --ip=127.0.0.1 --port="${PORT:-8888}" --no-browser --notebook-dir="$REPO/notebooks" "${extra[@]}" "$@"
