#!/usr/bin/env bash
# Runs before `npm start`, `npm test` and `npm run stack:up`. On the first run it installs the project's npm
# packages under the Node.js version the project pins (the npm package `node`), so the machine's older
# Node.js does not print an engine warning for every package; then it checks every other prerequisite,
# installs the missing Debian packages when it runs as root, and fails naming each one still missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/node ]; then
  pinned=$(node -p "require('./package.json').devDependencies.node")
  echo "[prerequisites] first run: installing the npm packages under Node.js $pinned from the npm registry (about a minute)"
  npm exec --yes --package="node@$pinned" -- npm ci --no-audit --no-fund
fi
exec node_modules/.bin/node src/tooling/cli/prerequisites-cli.ts "$@"
