# Shared by setup.sh, start.sh and test.sh. Needs only Node 20 and npm: pnpm comes through npx
# when the machine does not have the pinned version (STACK.md: corepack fails here).
PNPM_VERSION=12.21.0
if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$PNPM_VERSION" ]; then
  PNPM=(pnpm)
else
  PNPM=(npx -y "pnpm@$PNPM_VERSION")
fi
export PRISMA_HIDE_UPDATE_MESSAGE=1
