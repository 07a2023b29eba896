#!/usr/bin/env bash
# Builds the local base image (no image registry is reachable here): Debian bookworm minbase by
# debootstrap, plus this repository's Node 24 binary and npm, imported with `podman import`.
# Cached: an existing image of the same tag is kept. Usage: base-image.sh TAG
set -euo pipefail
tag=${1:?usage: base-image.sh TAG}
here=$(cd "$(dirname "$0")/../.." && pwd)
export CONTAINERS_CONF="$here/test/e2e/containers.conf"

if podman image exists "$tag"; then
  echo "base image $tag: cached"
  exit 0
fi

work=$(mktemp -d /var/tmp/uid-entrypoint-rootfs-XXXXXX)
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
echo "base image $tag: debootstrap --variant=minbase bookworm (a few minutes)"
debootstrap --variant=minbase bookworm "$rootfs" >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log" >&2; exit 1; }

# Node 24 from the npm package `node` (a devDependency), npm from the host's npm package.
install -m 0755 "$here/node_modules/node/bin/node" "$rootfs/usr/local/bin/node"
npm_root=$(npm root -g)/npm
mkdir -p "$rootfs/usr/local/lib/node_modules"
cp -a "$npm_root" "$rootfs/usr/local/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
rm -rf "$rootfs/var/cache/apt/archives/"*.deb "$rootfs/var/lib/apt/lists/"*

tar -C "$rootfs" -c . | podman import --change 'CMD ["/bin/bash"]' --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - "$tag" >/dev/null
echo "base image $tag: built"
