#!/usr/bin/env bash
# Builds the oracle's root filesystems as directories, without any registry (lab/README.md):
#   debian        Debian bookworm minbase (dash is /bin/sh) — mmdebstrap
#   debian-apps   the same plus the packages in APPS (python3, nodejs, npm)
#   debian-servers  the same plus SERVERS (nginx-light, redis-server)
#   busybox       busybox-static with its applets (ash is /bin/sh), Alpine-like
#   scratch       empty
# Usage: rootfs.sh CACHE_DIR. A Debian root is rebuilt only when its package list changes
# (the list's hash is in its directory name; CACHE_DIR/<name> links to it), so a second
# run takes no time.
set -euo pipefail

cache=${1:?usage: rootfs.sh CACHE_DIR}
mkdir -p "$cache"
MIRROR=${LAB_DEBIAN_MIRROR:-http://deb.debian.org/debian}
APPS=python3,nodejs,npm
SERVERS=nginx-light,redis-server

# mmdebstrap MIRROR INCLUDE OUT: cached by a hash of what defines the root fs.
debian_root() {
  local name=$1 include=$2
  local key
  key=$(printf 'bookworm minbase %s %s' "$MIRROR" "$include" | sha256sum | cut -c1-12)
  local out="$cache/$name-$key"
  if [ ! -d "$out" ]; then
    local start=$SECONDS
    local args=(--quiet --variant=minbase --dpkgopt=force-unsafe-io --aptopt='Acquire::Retries "3"')
    [ -n "$include" ] && args+=(--include="$include")
    rm -rf "$out.part"
    mmdebstrap "${args[@]}" bookworm "$out.part" "$MIRROR" </dev/null
    mv "$out.part" "$out"
    echo "lab oracle: built $name root fs in $((SECONDS - start)) s" >&2
  fi
  ln -sfn "$(basename "$out")" "$cache/$name"
}

busybox_root() {
  local dir="$cache/busybox"
  [ -x "$dir/bin/sh" ] && [ "$dir/bin/busybox" -nt /bin/busybox ] && return 0
  rm -rf "$dir"
  mkdir -p "$dir"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,root,proc,sys,dev}
  cp -p /bin/busybox "$dir/bin/busybox"
  touch "$dir/bin/busybox"
  chroot "$dir" /bin/busybox --install -s
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/sbin/nologin\nnode:x:1000:1000:node:/home/node:/bin/sh\n' >"$dir/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\nnode:x:1000:\n' >"$dir/etc/group"
  chmod 1777 "$dir/tmp"
}

scratch_root() {
  mkdir -p "$cache/scratch"
}

file /bin/busybox | grep -q 'statically linked' || { echo "lab oracle: /bin/busybox is not static (install busybox-static)" >&2; exit 1; }
busybox_root
scratch_root
# The Debian roots download in parallel; each is cached on its own.
debian_root debian "" &
p1=$!
debian_root debian-apps "$APPS" &
p2=$!
debian_root debian-servers "$SERVERS" &
p3=$!
wait $p1
wait $p2
wait $p3
