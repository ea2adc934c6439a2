#!/usr/bin/env bash
# Makes the webstack example's base image from Debian's own packages, once:
# debootstrap (minbase) with nginx, PostgreSQL 15, Python 3 and psycopg2,
# trimmed, then imported into tscompose's image store. The rootfs tarball is
# cached so a later run (or a wiped image store) skips the download.
#
#   make-base.sh [TSCOMPOSE]     TSCOMPOSE defaults to `tscompose` on PATH
set -euo pipefail

image=tscompose-examples/webstack-base:bookworm
tscompose=${1:-tscompose}
cache=${TSCOMPOSE_EXAMPLES_CACHE:-/var/cache/tscompose-examples}
tarball=$cache/webstack-base-bookworm.tar
packages=nginx-light,postgresql-15,python3,python3-psycopg2,procps

if "$tscompose" image inspect "$image" >/dev/null 2>&1; then
  echo "make-base: $image is already in the image store"
  exit 0
fi

if [ ! -s "$tarball" ]; then
  command -v debootstrap >/dev/null || { apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null; }
  mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  work=$(mktemp -d /tmp/tscompose-base.XXXXXX)
  trap 'rm -rf "$work"' EXIT
  echo "make-base: debootstrap bookworm with $packages (a few minutes, once)"
  debootstrap --variant=minbase --include="$packages" bookworm "$work/rootfs" "${mirror:-http://deb.debian.org/debian}" >"$work/debootstrap.log" 2>&1 ||
    { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  root=$work/rootfs
  # What a container image does not need: package caches, docs, locales.
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* \
    "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/*
  # nginx as its official image runs it: our conf.d only, logs to the container's output.
  rm -f "$root"/etc/nginx/sites-enabled/default
  ln -sf /dev/stdout "$root"/var/log/nginx/access.log
  ln -sf /dev/stderr "$root"/var/log/nginx/error.log
  mkdir -p "$cache"
  tar --numeric-owner --xattrs --xattrs-include='*' -C "$root" -cf "$tarball.tmp" .
  mv "$tarball.tmp" "$tarball"
fi

"$tscompose" image import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["bash"]' \
  "$tarball" "$image"
echo "make-base: imported $image"
