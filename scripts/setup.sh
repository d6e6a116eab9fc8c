#!/usr/bin/env bash
# Installs dependencies, generates the Prisma client and builds the portals.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
"${PNPM[@]}" install --frozen-lockfile
"${PNPM[@]}" db:generate >/dev/null
"${PNPM[@]}" build
