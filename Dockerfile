# syntax=docker/dockerfile:1
# Nexus on the official Spin runtime image. Three stages:
#   wasm   - builds the Spin components for wasm32-wasip2 (dependencies in their own layer)
#            and the TCP_NODELAY preload library (scripts/nodelay_shim.c)
#   web    - builds the UI into frontend/dist with npm ci
#   final  - ghcr.io/spinframework/spin with only spin.toml, runtime-config.toml, the .wasm files
#            and frontend/dist, the preload library; runs `spin up` as a non-root user.
# CI replays the wasm and web stages' commands (scripts/check-docker.py) since it has no Docker.

ARG SPIN_VERSION=v4.0.2

FROM rust:1.95-bookworm AS wasm
RUN rustup target add wasm32-wasip2
WORKDIR /src
# Dependency layer: manifests and empty sources, so a change to our code does not
# rebuild spin-sdk and friends.
COPY Cargo.toml Cargo.lock ./
COPY crates/core/Cargo.toml crates/core/
COPY crates/spin-adapter/Cargo.toml crates/spin-adapter/
COPY crates/testhost/Cargo.toml crates/testhost/
COPY components/conversations/Cargo.toml components/conversations/
COPY components/messages/Cargo.toml components/messages/
COPY components/settings/Cargo.toml components/settings/
COPY components/static/Cargo.toml components/static/
COPY components/accounts/Cargo.toml components/accounts/
COPY components/library/Cargo.toml components/library/
# A workspace member too (the benchmark's floor component; not built here).
COPY bench/floor/Cargo.toml bench/floor/
RUN for d in crates/core crates/spin-adapter crates/testhost components/conversations components/messages components/settings components/static components/accounts components/library bench/floor; do \
      mkdir -p "$d/src" && touch "$d/src/lib.rs"; \
    done \
 && cargo build --release --locked --target wasm32-wasip2 \
      -p nexus-conversations -p nexus-messages -p nexus-settings -p nexus-static -p nexus-accounts -p nexus-library
# Our code.
COPY crates crates
COPY components components
# The OpenAPI document the settings component serves (built in with include_str!).
COPY docs/openapi.json docs/
RUN find crates components -name '*.rs' -exec touch {} + \
 && cargo build --release --locked --target wasm32-wasip2 \
      -p nexus-conversations -p nexus-messages -p nexus-settings -p nexus-static -p nexus-accounts -p nexus-library
# Spin 4.0.2 leaves Nagle's algorithm on for the browser's and the provider's sockets:
# the first token waits ~40 ms for a delayed ACK and a phone gets the reply in bursts
# (docs/spin-tcp-nodelay.md). This small preload library sets TCP_NODELAY on them.
# Built here on bookworm, the Spin image's Debian release (same glibc).
COPY scripts/nodelay_shim.c scripts/
RUN gcc -O2 -Wall -shared -fPIC -o target/nodelay_shim.so scripts/nodelay_shim.c -ldl

FROM node:20-bookworm-slim AS web
WORKDIR /web
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM ghcr.io/spinframework/spin:${SPIN_VERSION} AS final
WORKDIR /app
COPY spin.toml runtime-config.toml ./
COPY --from=wasm /src/target/wasm32-wasip2/release/nexus_conversations.wasm /src/target/wasm32-wasip2/release/nexus_messages.wasm /src/target/wasm32-wasip2/release/nexus_settings.wasm /src/target/wasm32-wasip2/release/nexus_static.wasm /src/target/wasm32-wasip2/release/nexus_accounts.wasm /src/target/wasm32-wasip2/release/nexus_library.wasm target/wasm32-wasip2/release/
COPY --from=web /web/dist frontend/dist
COPY --from=wasm /src/target/nodelay_shim.so /usr/local/lib/nexus-nodelay.so
# TCP_NODELAY on accepted sockets, and (CONNECT=1) on Spin's connections to providers.
# MALLOC_ARENA_MAX=2: glibc gives each of Spin's SQLite worker threads its own malloc
# arena otherwise (measured: about 5 MB more RSS under 50 streams).
ENV LD_PRELOAD=/usr/local/lib/nexus-nodelay.so NODELAY_SHIM_CONNECT=1 MALLOC_ARENA_MAX=2
# A non-root user owning only what Spin writes: the database folder, Spin's state, and
# wasmtime's cache of compiled components (~/.cache/wasmtime; without it every start
# compiles the components again: slower, and ~35 MB more RSS for as long as Spin runs).
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin nexus \
 && mkdir -p /app/data /app/.spin /app/.cache \
 && chown -R nexus /app/data /app/.spin /app/.cache
USER 10001
ENV HOME=/app
VOLUME ["/app/data"]
EXPOSE 3000
# bash's /dev/tcp: the image has no curl or wget.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/3000 && printf 'GET /api/health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && grep -q '\"status\":\"ok\"' <&3"]
# --idle-instance-timeout and --max-instance-reuse-count: a reply keeps generating after
# the browser leaves only while Spin keeps its instance (see README).
ENTRYPOINT ["spin", "up", "--listen", "0.0.0.0:3000", "--runtime-config-file", "runtime-config.toml", "--idle-instance-timeout", "600s", "--max-instance-reuse-count", "1000000000"]
