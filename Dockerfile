# talkgen in a container image, for CI systems that run jobs in images (GitLab CI, Woodpecker,
# Drone, Tekton…). Multi-stage: a static musl binary built on Alpine (and tried on the example
# conference), then a small Alpine image with a shell (CI systems run their scripts with sh) and
# that one binary.
#
#   docker build -t talkgen:0.1.0 .
#   docker run --rm -v "$PWD:/site" -u "$(id -u):$(id -g)" talkgen:0.1.0 talkgen build
#
# docs/deploying.md, "A container image", has a GitLab CI job that uses it.

# ---- build ----
FROM rust:1-alpine AS build
# mimalloc is C: Alpine's compiler and musl headers build it. (Unpinned: the version that
# matches the image's own gcc is the right one.)
# hadolint ignore=DL3018
RUN apk add --no-cache musl-dev
WORKDIR /src
# The whole repository (less what .dockerignore leaves out): Cargo.toml names test and bench
# files that must exist for cargo to read it, though only the binary is built.
COPY . .
# BuildKit cache mounts keep the downloaded crates and the compiled dependencies between builds.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin talkgen \
    && cp target/release/talkgen /usr/local/bin/talkgen \
    && strip /usr/local/bin/talkgen \
    && talkgen --version \
    && talkgen build --output /tmp/example-site

# ---- the image ----
FROM alpine:3.22
LABEL org.opencontainers.image.title="talkgen" \
      org.opencontainers.image.description="Static site generator for conference talk listings" \
      org.opencontainers.image.source="https://github.com/talkgen/talkgen" \
      org.opencontainers.image.licenses="MIT OR Apache-2.0"
COPY --from=build /usr/local/bin/talkgen /usr/local/bin/talkgen
WORKDIR /site
# No ENTRYPOINT: CI systems give the image their own script to run.
CMD ["talkgen", "--help"]
