# talkgen in a container image, for CI systems that run jobs in images (GitLab CI, Woodpecker,
# Drone, Tekton…). Multi-stage: a static musl binary built on Alpine, then a small Alpine image
# with a shell (CI systems run their scripts with sh) and that one binary.
#
#   docker build -t talkgen .
#   docker run --rm -v "$PWD:/site" -u "$(id -u):$(id -g)" talkgen talkgen build
#
# docs/deploying.md, "A container image", has a GitLab CI job that uses it.

# ---- build ----
FROM rust:1-alpine AS build
# mimalloc is C: Alpine's compiler and musl headers build it.
RUN apk add --no-cache musl-dev
WORKDIR /src
# The dependencies first, in a layer of their own, so editing talkgen's code does not rebuild them.
COPY Cargo.toml Cargo.lock ./
RUN mkdir src && echo 'fn main() {}' > src/main.rs && touch src/lib.rs \
    && cargo build --release --locked \
    && rm -rf src
COPY src src
COPY docs/talks.schema.json docs/
# touch: cargo must see the real sources as newer than the placeholders built above.
RUN touch src/main.rs src/lib.rs \
    && cargo build --release --locked \
    && strip target/release/talkgen \
    && ./target/release/talkgen --version

# ---- the image ----
FROM alpine:3.20
LABEL org.opencontainers.image.title="talkgen" \
      org.opencontainers.image.description="Static site generator for conference talk listings" \
      org.opencontainers.image.source="https://github.com/talkgen/talkgen" \
      org.opencontainers.image.licenses="MIT OR Apache-2.0"
COPY --from=build /src/target/release/talkgen /usr/local/bin/talkgen
WORKDIR /site
# No ENTRYPOINT: CI systems give the image their own script to run.
CMD ["talkgen", "--help"]
