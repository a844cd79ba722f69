#!/usr/bin/env bash
# Installs the Debian packages the ground-truth lab runs (lab/README.md).
# Idempotent and quiet: apt is called only when a program is missing.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

# Look in the system directories only: pyenv/nvm shims are scripts, not the programs
# the lab wants to run as PID 1.
SYSTEM_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# program -> Debian package that provides it
declare -A NEEDS=(
  [unshare]=util-linux
  [ps]=procps
  [dash]=dash
  [bash]=bash
  [sleep]=coreutils
  [busybox]=busybox
  [tini]=tini
  [dumb-init]=dumb-init
  [go]=golang-go
  [java]=openjdk-17-jdk-headless
  [javac]=openjdk-17-jdk-headless # `java Main.java` needs the jdk.compiler module, absent from the JRE
  [nginx]=nginx-light
  [python3]=python3 # also runs the PID-1 helper (lab/pid1.ts)
)

missing=()
for cmd in "${!NEEDS[@]}"; do
  if ! PATH=$SYSTEM_PATH command -v "$cmd" >/dev/null 2>&1; then
    pkg=${NEEDS[$cmd]}
    [[ " ${missing[*]-} " == *" $pkg "* ]] || missing+=("$pkg")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "lab: all dependencies present"
  exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo); fi

echo "lab: installing ${missing[*]}"
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "lab: done"
