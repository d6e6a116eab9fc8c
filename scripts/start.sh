#!/usr/bin/env bash
# `npm start`: install, build, migrate, seed the demo world (first run) and serve everything on
# one port (PORT, default 3000) with the embedded PGlite database in .data/ (or DATABASE_URL).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
bash scripts/setup.sh
exec "${PNPM[@]}" serve
