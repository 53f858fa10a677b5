#!/usr/bin/env bash
# Fetches the Rust crates the native verifier needs from Debian 13 (trixie)'s archive, as
# librust-*-dev packages, into native/vendor/ (ignored by git), for an offline cargo build.
# Uses a private apt configuration under a temporary directory: the machine's own apt
# sources and state are neither read nor changed. Needs apt-get and dpkg-deb (any Debian or
# Ubuntu), and network access to a Debian mirror (DEBIAN_MIRROR, default deb.debian.org).
set -euo pipefail
cd "$(dirname "$0")"
HERE=$(pwd)
VENDOR="$HERE/vendor"
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
ARCH=$(dpkg --print-architecture)

# The crates of Cargo.lock, by their Debian package names. Pinned by Cargo.lock: a build
# against another Debian revision that changes a version fails loudly (--locked).
PACKAGES=(
  librust-curve25519-dalek-dev librust-curve25519-dalek-derive-dev librust-subtle-dev
  librust-zeroize-dev librust-cpufeatures-dev librust-cfg-if-dev librust-rustc-version-dev
  librust-semver-dev librust-fiat-crypto-dev
  librust-pyo3-dev librust-pyo3-ffi-dev librust-pyo3-macros-dev librust-pyo3-macros-backend-dev
  librust-pyo3-build-config-dev librust-target-lexicon-dev librust-once-cell-dev
  librust-libc-dev librust-memoffset-dev librust-unindent-dev librust-indoc-dev
  librust-portable-atomic-dev librust-heck-dev librust-proc-macro2-dev librust-quote-dev
  librust-syn-dev librust-unicode-ident-dev librust-autocfg-dev
)

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/etc/sources.list.d" "$TMP/etc/preferences.d" "$TMP/state/lists/partial" \
  "$TMP/cache/archives/partial" "$TMP/debs"
touch "$TMP/state/status"
echo "deb $MIRROR trixie main" > "$TMP/etc/sources.list"
APT=(
  -o "Dir::Etc::sourcelist=$TMP/etc/sources.list" -o "Dir::Etc::sourceparts=$TMP/etc/sources.list.d"
  -o "Dir::Etc::preferencesparts=$TMP/etc/preferences.d" -o "Dir::State=$TMP/state"
  -o "Dir::State::status=$TMP/state/status" -o "Dir::Cache=$TMP/cache" -o "APT::Architecture=$ARCH"
  -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root"
)
apt-get "${APT[@]}" -qq update
(cd "$TMP/debs" && apt-get "${APT[@]}" -qq download "${PACKAGES[@]}")
rm -rf "$VENDOR.new"
mkdir -p "$VENDOR.new/root"
for deb in "$TMP"/debs/*.deb; do dpkg-deb -x "$deb" "$VENDOR.new/root"; done
mv "$VENDOR.new/root/usr/share/cargo/registry" "$VENDOR.new/registry"
rm -rf "$VENDOR.new/root" "$VENDOR"
mv "$VENDOR.new" "$VENDOR"
echo "crates in $VENDOR/registry:" >&2
ls "$VENDOR/registry" >&2
