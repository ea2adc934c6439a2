#!/usr/bin/env bash
# What a fresh Debian 12 machine lacks to build and run tscompose: the C
# toolchain and libseccomp for the native runtime, the host tools the
# drivers and tests call, and Node 20 or newer. Root, non-interactive;
# packages already installed are not touched, so a second run is instant.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

apt_install ca-certificates make gcc libc6-dev libseccomp-dev iproute2 iptables util-linux apache2-utils openssl zstd hyperfine iperf3 curl

# Node 20 or newer: bookworm ships 18, so take trixie's when the machine has none.
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 20 ]; then
  uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$uri" ] || uri=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list)
  printf 'Types: deb\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$uri" \
    > /etc/apt/sources.list.d/tscompose-trixie.sources
  printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' > /etc/apt/preferences.d/tscompose-trixie
  apt-get update -qq
  apt-get install -y -qq -t trixie nodejs npm >/dev/null
fi
