#!/bin/sh
# Installs talkgen $TALKGEN_VERSION into $TALKGEN_DIR/bin (default: .talkgen/bin), for hosts that
# build the site themselves (Netlify, Cloudflare Pages, GitLab CI, any CI with sh and curl).
#
#   TALKGEN_VERSION=0.1.0 sh install-talkgen.sh && .talkgen/bin/talkgen build
#
# It takes the release binary for this machine from GitHub, checks it against the release's
# SHA256SUMS, and keeps it: when $TALKGEN_DIR already holds that version (a host's cache), it
# does nothing. Where there is no release binary (another system, or a version without one) it
# builds that version from crates.io with `cargo install --locked` instead.
set -eu

version="${TALKGEN_VERSION:?set TALKGEN_VERSION to the release to install, e.g. 0.1.0}"
dir="${TALKGEN_DIR:-.talkgen}"
releases="https://github.com/talkgen/talkgen/releases/download/v$version"

if [ -x "$dir/bin/talkgen" ] && [ "$("$dir/bin/talkgen" --version | cut -d ' ' -f 2)" = "$version" ]; then
  echo "talkgen $version is already in $dir/bin"
  exit 0
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) target=x86_64-unknown-linux-musl ;;
  Linux-aarch64 | Linux-arm64) target=aarch64-unknown-linux-musl ;;
  Darwin-x86_64) target=x86_64-apple-darwin ;;
  Darwin-arm64) target=aarch64-apple-darwin ;;
  *) target="" ;;
esac
name="talkgen-v$version-$target"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$dir/bin"

if [ -n "$target" ] &&
  curl -fsSL -o "$tmp/$name.tar.gz" "$releases/$name.tar.gz" &&
  curl -fsSL -o "$tmp/SHA256SUMS" "$releases/SHA256SUMS"; then
  grep " $name.tar.gz\$" "$tmp/SHA256SUMS" > "$tmp/sum" || {
    echo "SHA256SUMS of talkgen $version does not list $name.tar.gz" >&2
    exit 1
  }
  if command -v sha256sum > /dev/null; then
    (cd "$tmp" && sha256sum -c sum)
  else
    (cd "$tmp" && shasum -a 256 -c sum)
  fi
  tar -xzf "$tmp/$name.tar.gz" -C "$tmp"
  cp "$tmp/$name/talkgen" "$dir/bin/talkgen"
else
  echo "no release binary of talkgen $version for $(uname -sm); building it with cargo" >&2
  cargo install --locked --force "talkgen@$version" --root "$dir"
fi
"$dir/bin/talkgen" --version
