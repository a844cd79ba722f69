#!/usr/bin/env bash
# Installs what the runtime oracle runs (lab/README.md "The runtime oracle"): Debian bookworm
# packages, with apt-get. Idempotent: apt is called only when a program is missing.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
SYSTEM_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# program -> Debian package that provides it
declare -A NEEDS=(
  [runc]=runc
  [crun]=crun
  [dockerd]=docker.io # brings containerd
  [containerd]=containerd # the oracle's own containerd for the CRI column (lab/oracle/cri.ts)
  [ctr]=containerd        # imports the lab images into its k8s.io namespace
  [mmdebstrap]=mmdebstrap
  [python3]=python3 # the subreaper helper for runc/crun (lab/oracle/oci.ts)
  [tini]=tini
  [dumb-init]=dumb-init
)

missing=()
for cmd in "${!NEEDS[@]}"; do
  if ! PATH=$SYSTEM_PATH command -v "$cmd" >/dev/null 2>&1; then
    pkg=${NEEDS[$cmd]}
    [[ " ${missing[*]-} " == *" $pkg "* ]] || missing+=("$pkg")
  fi
done
# The busybox lab root needs a static busybox (busybox-static replaces the dynamic busybox).
if ! file -L /bin/busybox 2>/dev/null | grep -q 'statically linked'; then missing+=(busybox-static); fi
command -v file >/dev/null || missing+=(file)

if [ "${#missing[@]}" -eq 0 ]; then
  echo "lab oracle: all dependencies present"
  exit 0
fi
SUDO=()
if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo); fi
echo "lab oracle: installing ${missing[*]}"
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "lab oracle: done"
