#!/usr/bin/env bash
# The whole test suite (README "Test"): builds every Spin component for wasm32-wasip2,
# runs the Rust unit, store and end-to-end tests (on the native test host, and on real
# `spin up` too when `spin` is on PATH), and, once the UI exists, its unit tests, size
# budget and browser tests in headless Chromium; then the deployment checks: https through
# Caddy, and the Docker files.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "wasm32-wasip2 target"
rustup target add wasm32-wasip2

step "docs/openapi.json is a valid OpenAPI 3.1 document (openapi-spec-validator)"
if command -v openapi-spec-validator >/dev/null; then
  openapi-spec-validator docs/openapi.json
else
  echo "openapi-spec-validator is not installed: pip install openapi-spec-validator (.ci/run does)" >&2
  exit 1
fi

step "build the Spin components (release, as spin build does)"
cargo build --release --target wasm32-wasip2 \
  -p nexus-conversations -p nexus-messages -p nexus-settings -p nexus-static -p nexus-accounts -p nexus-library
ls -l target/wasm32-wasip2/release/nexus_*.wasm

if [[ -f frontend/package.json ]]; then
  step "frontend: install, unit tests, build, size budget"
  (cd frontend && npm ci --no-audit --no-fund && npm test && npm run build && npm run budget)
fi

step "Rust tests: core, store on SQLite, end-to-end over loopback"
if command -v spin >/dev/null; then
  echo "spin found ($(spin --version)): the end-to-end suite also runs on real spin up"
else
  echo "NOTICE: spin is not on PATH: the end-to-end suite runs on the native test host only"
fi
cargo test --locked

if [[ -f frontend/package.json ]]; then
  step "frontend: browser tests in headless Chromium (test host)"
  cargo build --locked -p nexus-testhost
  (cd frontend && NEXUS_TESTHOST_BIN="$PWD/../target/debug/nexus-testhost" npm run e2e)
  if command -v spin >/dev/null; then
    step "frontend: browser tests in headless Chromium (real spin up)"
    bash scripts/with-spin.sh bash -c 'cd frontend && npm run e2e'
  else
    echo "NOTICE: spin is not on PATH: skipping the browser tests on real spin up"
  fi
fi

step "https: Caddy (the compose profile's Caddyfile) in front of the test host, a reply streamed through it"
cargo build --locked -p nexus-testhost
bash scripts/check-caddy.sh

step "deployment: replay the Dockerfile's build stages, lint it, validate docker-compose.yml"
python3 scripts/check-docker.py

step "all tests passed"
