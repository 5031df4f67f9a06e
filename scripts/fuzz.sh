#!/usr/bin/env bash
# Runs every talkgen fuzz target for a bounded time: FUZZ_SECONDS each (default 60).
# Needs cargo-fuzz (installed from crates.io when missing) and, on a stable toolchain,
# RUSTC_BOOTSTRAP=1 for the sanitizer flags cargo-fuzz passes. See docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/.."

secs="${FUZZ_SECONDS:-60}"
targets="${*:-frontmatter content_file slug_paths yaml_bounds import_c3voc import_frab import_sessionize}"
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1

# Seed corpora from the fixtures and the example, so the fuzzers start from real files.
seed() {
    local dir="fuzz/corpus/$1"
    mkdir -p "$dir"
    shift
    local f
    for f in "$@"; do
        [ -f "$f" ] && cp "$f" "$dir/$(basename "$(dirname "$f")")-$(basename "$f")"
    done
    return 0
}
seed frontmatter tests/fixtures/minimal/content/talks/*.md tests/fixtures/minimal/content/speakers/*.md content/talks/*.md
mkdir -p fuzz/corpus/content_file
i=0
for f in tests/fixtures/minimal/content/talks/*.md tests/fixtures/minimal/content/speakers/*.md \
    tests/fixtures/minimal/content/talks/2016/*.yaml tests/fixtures/minimal/content/conference.yaml; do
    # The first byte selects the file kind (see fuzz_targets/content_file.rs).
    case "$f" in
        */talks/*.md) sel='\x00' ;; */talks/*.yaml) sel='\x01' ;;
        */speakers/*.md) sel='\x02' ;; *) sel='\x04' ;;
    esac
    { printf "$sel"; cat "$f"; } > "fuzz/corpus/content_file/seed-$i"
    i=$((i + 1))
done
mkdir -p fuzz/corpus/slug_paths
for s in alpha-talk wesley-chun 'Two Words' '../etc' 'javascript:alert(1)' 'https://example.org/x' '/images/a.jpg'; do
    printf '%s' "$s" > "fuzz/corpus/slug_paths/$(printf '%s' "$s" | od -An -tx1 | tr -d ' \n')"
done

# The YAML bounds: the front matter of the fixtures, and small seeds of each hostile shape.
seed yaml_bounds tests/fixtures/minimal/content/conference.yaml tests/fixtures/minimal/content/talks/2016/*.yaml
printf 'a: &a [x, y]\nb: [*a, *a, *a]\nc: &c [*a, *a]\nd: [*c, *c]\n' > fuzz/corpus/yaml_bounds/aliases
printf 'a: %s%s\n' "$(printf '[%.0s' $(seq 70))" "$(printf ']%.0s' $(seq 70))" > fuzz/corpus/yaml_bounds/deep
printf 'a: "x\\x01 \\0 \\e \\v \\f"\nb: !!str &t |\n  [[[\n' > fuzz/corpus/yaml_bounds/escapes
# The importers: the first byte picks the format where a target reads more than one.
seed import_c3voc tests/fixtures/interop-exports/*.json tests/fixtures/import-breaks/c3voc-breaks.json
seed import_frab tests/fixtures/interop-exports/*.xml tests/fixtures/import-breaks/frab-breaks.xml
seed import_sessionize tests/fixtures/import-breaks/sessionize.json

status=0
for t in $targets; do
    echo "== fuzz $t for ${secs}s"
    if ! cargo fuzz run "$t" -- -max_total_time="$secs" -rss_limit_mb=4096 -max_len=65536 -timeout=20; then
        echo "fuzz target $t FAILED: see fuzz/artifacts/$t/" >&2
        status=1
    fi
done
exit "$status"
