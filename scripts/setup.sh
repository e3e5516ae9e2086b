#!/usr/bin/env bash
# Installs what cpstat's scripts need and is sourced by test.sh, replicate.sh and notebook.sh.
#
#   CPSTAT_SETUP=go        Go modules and the cpstat binary only
#   CPSTAT_SETUP=jupyter   also Debian's Jupyter pieces, a CJK font and the GoNB kernel (default)
#
# Afterwards REPO is the repository root, $REPO/bin (gonb, goimports, cpstat) is first on PATH, and
# JUPYTER_DATA_DIR is $REPO/out/jupyter, where the GoNB kernel is registered.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO
export PATH="$REPO/bin:$PATH"
mode="${CPSTAT_SETUP:-jupyter}"
# The GoNB kernel is registered in this checkout's own Jupyter data folder, so running the scripts of one
# clone never changes which kernel the notebooks of another clone use.
export JUPYTER_DATA_DIR="$REPO/out/jupyter"

say() { printf '%s: %s\n' "$(basename "$0" .sh)" "$*" >&2; }

if ! command -v go >/dev/null 2>&1; then
	if [ -x /usr/local/go/bin/go ]; then
		export PATH="/usr/local/go/bin:$PATH"
	else
		say "Go is not installed: install Go 1.26 or newer from https://go.dev/dl/ and run this again"
		exit 1
	fi
fi

apt_install() {
	local missing=()
	for pkg in "$@"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	say "installing Debian packages: ${missing[*]}"
	local sudo=""
	if [ "$(id -u)" -ne 0 ]; then
		if command -v sudo >/dev/null 2>&1; then
			sudo="sudo"
		else
			say "need root (or sudo) to run: apt-get install ${missing[*]}"
			return 1
		fi
	fi
	$sudo apt-get update -qq || return 1
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

cd "$REPO"
# A script that sourced this file already (test.sh before run-notebooks.sh) exports CPSTAT_SETUP_DONE,
# so the nested call only sets the variables and functions above.
if [ "${CPSTAT_SETUP_DONE:-}" = jupyter ] || [ "${CPSTAT_SETUP_DONE:-}" = "$mode" ]; then
	return 0 2>/dev/null || exit 0
fi

say "downloading Go modules"
go mod download
mkdir -p bin
say "building bin/cpstat"
go build -o bin/cpstat ./cpstat/cmd/cpstat

if [ "$mode" = jupyter ]; then
	apt_install jupyter-nbconvert python3-nbclient python3-ipykernel jupyter-notebook fonts-noto-cjk git || exit 1
	if [ ! -x bin/gonb ] || [ ! -x bin/goimports ] || [ go.mod -nt bin/gonb ]; then
		say "building the GoNB kernel and goimports from the tool dependencies in go.mod"
		go build -o bin/ github.com/janpfeifer/gonb golang.org/x/tools/cmd/goimports
	fi
	# --force_deps: gopls is optional (GoNB only uses it for completion), and --raw_error prints
	# compiler errors as plain text so that headless runs show them.
	bin/gonb --install --force_deps --raw_error >/dev/null 2>&1 || {
		say "registering the GoNB kernel failed; run bin/gonb --install --force_deps to see why"
		exit 1
	}
fi
export CPSTAT_SETUP_DONE="$mode"
