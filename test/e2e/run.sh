#!/usr/bin/env bash
# npm run test:e2e: a local base image, Dockerfile.example built twice (read-only passwd, and the
# opt-in writable variant), then the container tests with podman on runc. Needs root.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CONTAINERS_CONF="$PWD/test/e2e/containers.conf"
base=localhost/uid-entrypoint-base:bookworm

npm run build --silent
bash test/e2e/base-image.sh "$base"
for variant in latest writable; do
  echo "building localhost/uid-entrypoint-example:$variant"
  podman build --quiet -f Dockerfile.example \
    --build-arg BASE_IMAGE="$base" --build-arg EXTRA_PACKAGES=python3 \
    --build-arg PASSWD_WRITABLE="$([ "$variant" = writable ] && echo true || echo false)" \
    -t "localhost/uid-entrypoint-example:$variant" . >/dev/null
done
npx vitest run --config vitest.e2e.config.ts
