#!/usr/bin/env bash
# Makes `tscompose-examples/busybox:1.35`, the small image the examples use,
# from Debian's busybox-static: one static binary plus its applet links, a
# passwd/group with root and nobody, imported into tscompose's image store.
#
#   make-busybox.sh [TSCOMPOSE]     TSCOMPOSE defaults to `tscompose` on PATH
set -euo pipefail

image=tscompose-examples/busybox:1.35
tscompose=${1:-tscompose}

if "$tscompose" image inspect "$image" >/dev/null 2>&1; then
  echo "make-busybox: $image is already in the image store"
  exit 0
fi
if ! dpkg -s busybox-static >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq busybox-static >/dev/null
fi

work=$(mktemp -d /tmp/tscompose-busybox.XXXXXX)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root"/{bin,etc,tmp,root,var/www,proc,sys,dev}
chmod 1777 "$root/tmp"
cp /bin/busybox "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
  [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
tar --numeric-owner -C "$root" -cf "$work/rootfs.tar" .

"$tscompose" image import \
  --change 'ENV PATH=/bin' \
  --change 'CMD ["sh"]' \
  "$work/rootfs.tar" "$image"
echo "make-busybox: imported $image"
