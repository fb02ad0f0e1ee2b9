#!/usr/bin/env bash
# Builds the two Python rootfs tarballs the test harness imports (test/harness/python-image.ts:
# python3-minimal, and python3 + numpy + pip) while CI installs and lints, so the integration
# phase finds them cached instead of running debootstrap itself. The recipe is the harness's;
# if this fails or is late, the harness builds what is missing. Each tar is renamed into place
# only when whole, under a name of its own, so the two builders never share a partial file.
set -uo pipefail
cache="${BERTH_TEST_CACHE:-/var/cache/berth-test}"
mirror="${BERTH_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
mkdir -p "$cache"

build() { # name include [python-like-images]
  local tar="$cache/$1" work
  [ -e "$tar" ] && return 0
  work="$(mktemp -d)"
  if debootstrap --variant=minbase --include="$2" bookworm "$work/rootfs" "$mirror" >/dev/null; then
    rm -rf "$work/rootfs/var/cache/apt" "$work/rootfs/var/lib/apt/lists"
    if [ "${3:-}" = python-like ]; then
      rm -f "$work/rootfs/usr/lib/python3.11/EXTERNALLY-MANAGED"
      ln -s python3 "$work/rootfs/usr/bin/python"
    fi
    tar -C "$work/rootfs" -cf "$tar.ci-prebuild" . && mv "$tar.ci-prebuild" "$tar"
  fi
  rm -rf "$work"
}

# BERTH_PREBUILD_ONE=minimal|numpy builds one (CI runs both side by side); unset, both in turn.
one="${BERTH_PREBUILD_ONE:-}"
[ "$one" = numpy ] || build bookworm-python3-minimal.tar python3-minimal
[ "$one" = minimal ] || build bookworm-python3-numpy-pip.tar python3,python3-numpy,python3-pip python-like
