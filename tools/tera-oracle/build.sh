#!/bin/bash
# Build the Tera differential oracle offline.
# usage: tools/tera-oracle/build.sh [DEST] [MIRROR_ROOT]
#   DEST         build folder (default /tmp/tera-oracle-build); binary: DEST/target/release/tera-oracle
#   MIRROR_ROOT  folder with a bare git mirror of Keats/tera as Keats+tera/repo
#                (default $MIRRORS, else /work/.mirror)
# Crates come from Debian's apt (/usr/share/cargo/registry); Tera itself is v1.20.1 from the
# mirror with the small compatibility patches recorded in ../shared/tools/agpm-oracle/patches.diff
# (the same Tera the AGPM oracle is built with). Without the mirror it falls back to Debian's
# librust-tera-dev (Tera 1.17.1), and the binary says so in --version.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
DEST=${1:-/tmp/tera-oracle-build}
M=${2:-${MIRRORS:-/work/.mirror}}
PATCHES=${AGPM_ORACLE_PATCHES:-$HERE/../../../shared/tools/agpm-oracle/patches.diff}

rm -rf "$DEST"; mkdir -p "$DEST/vendor" "$DEST/.cargo"
cp -r "$HERE/Cargo.toml" "$HERE/src" "$DEST/"
cat > "$DEST/.cargo/config.toml" <<CFG
[source.crates-io]
replace-with = "debian"
[source.debian]
directory = "/usr/share/cargo/registry"
CFG

if [ -d "$M/Keats+tera/repo" ] && [ -f "$PATCHES" ]; then
  mkdir -p "$DEST/vendor/tera"
  git --git-dir="$M/Keats+tera/repo" archive v1.20.1 src Cargo.toml LICENSE | tar -x -C "$DEST/vendor/tera"
  # keep only the hunks for oracle-deps/tera, re-rooted at vendor/tera
  awk '/^diff /{keep = ($0 ~ /oracle-deps\/tera\//)} keep' "$PATCHES" \
    | sed 's#\([ab]\)/oracle-deps/tera/#\1/vendor/tera/#g' > "$DEST/tera.patch"
  (cd "$DEST" && patch -p1 -s < tera.patch)
  export TERA_VERSION=1.20.1
else
  src=$(ls -d /usr/share/cargo/registry/tera-* | sort -V | tail -1)
  [ -d "$src" ] || { echo "no Tera source: install librust-tera-dev or give the mirror" >&2; exit 1; }
  cp -r "$src" "$DEST/vendor/tera"
  export TERA_VERSION=${src##*/tera-}
fi
cd "$DEST"
cargo build --release --offline
"$DEST/target/release/tera-oracle" --version
