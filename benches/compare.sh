#!/usr/bin/env bash
# Builds the same synthetic programme with talkgen and with Hugo, copies talkgen's output with
# `cp -r` (the I/O floor), and runs `talkgen check` on it (load and validate, no output), alternating
# the tools in every round, then prints medians, peak memory and per-round ratios.
#
#   benches/compare.sh [--talks "1000 5000 20000 80000"] [--runs 5] [--work DIR] [--no-hugo]
#                      [--settle SECONDS]
#
# Needs: a Rust toolchain, /usr/bin/time (apt package `time`), `hugo` (apt package `hugo`).
# Every timed step writes into a folder that does not exist yet, and `sync` runs (untimed) before
# each step, so one tool's dirty pages are not flushed on the next tool's clock.
# --settle S waits S seconds (untimed) after that, before each step that writes: ext4 without a
# journal (this machine's disk) skips inodes freed less than 60 s ago and scans past every one
# of them on each new file, so the step after a big `rm -rf` pays for the deletion (see
# BENCHMARKS.md). Use --settle 61 for big sites.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
sizes="1000 5000 20000"
runs=5
work="${TMPDIR:-/tmp}/talkgen-bench"
hugo=1
settle=0
while [ $# -gt 0 ]; do
  case "$1" in
    --talks) sizes="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --no-hugo) hugo=0; shift ;;
    --settle) settle="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time: apt-get install time" >&2; exit 1; }
if [ "$hugo" = 1 ] && ! command -v hugo >/dev/null; then
  echo "needs hugo: apt-get install hugo (or pass --no-hugo)" >&2; exit 1
fi

cargo build --release --quiet --manifest-path "$repo/Cargo.toml" \
  --bin talkgen --example synth
bin="${CARGO_TARGET_DIR:-$repo/target}/release"
mkdir -p "$work"
# Absolute: Hugo resolves a relative --destination against --source.
work="$(cd "$work" && pwd)"

# median of the numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "nan"} else if (NR%2) {print a[(NR+1)/2]} else {print (a[NR/2]+a[NR/2+1])/2}}'; }

# step NAME DEST COMMAND...: times COMMAND (wall seconds and peak RSS in KB) into $res/NAME.
step() {
  local name="$1" dest="$2"; shift 2
  rm -rf "$dest"; sync
  [ "$name" = check ] || sleep "$settle"
  /usr/bin/time -f "%e %M" -o "$res/$name.one" "$@" >/dev/null 2>"$res/$name.err" \
    || { echo "$name failed:" >&2; cat "$res/$name.err" >&2; exit 1; }
  tail -n 1 "$res/$name.one" >> "$res/$name"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "talkgen $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?'), $( [ "$hugo" = 1 ] && hugo version | cut -d' ' -f1-2 ), runs=$runs"
prev_size=""; prev_med=""
for n in $sizes; do
  site="$work/synth-$n"
  if [ ! -d "$site/site" ]; then
    "$bin/examples/synth" --talks "$n" --out "$site" $( [ "$hugo" = 1 ] || echo --no-hugo ) >/dev/null
  fi
  res="$work/results-$n"; rm -rf "$res"; mkdir -p "$res"
  for ((r = 0; r < runs; r++)); do
    # Rotate the order every round so no tool always follows the same one.
    order=(talkgen cp check hugo)
    for ((k = 0; k < 4; k++)); do
      tool="${order[(k + r) % 4]}"
      case "$tool" in
        talkgen) step talkgen "$work/out-talkgen" \
                   "$bin/talkgen" build --root "$site/site" --output "$work/out-talkgen"
                 # The same build again over its own output: what a re-run costs (the old
                 # output is swapped out and deleted).
                 sync; sleep "$settle"
                 /usr/bin/time -f "%e %M" -o "$res/rebuild.one" \
                   "$bin/talkgen" build --root "$site/site" --output "$work/out-talkgen" >/dev/null 2>&1
                 tail -n 1 "$res/rebuild.one" >> "$res/rebuild" ;;
        cp) if [ -d "$work/out-talkgen" ]; then
              step cp "$work/out-cp" cp -r "$work/out-talkgen" "$work/out-cp"
            fi ;;
        check) step check "$work/none" "$bin/talkgen" check --quiet --root "$site/site" ;;
        hugo) if [ "$hugo" = 1 ]; then
                step hugo "$work/out-hugo" hugo --quiet --source "$site/hugo" \
                  --layoutDir "$repo/benches/hugo/layouts" --destination "$work/out-hugo"
              fi ;;
      esac
    done
  done
  # cp may have missed the first round (no output yet); pad nothing, use what ran.
  files=$(find "$work/out-talkgen" -type f | wc -l)
  size=$(du -sh --apparent-size "$work/out-talkgen" | cut -f1)
  echo
  echo "== $n talks ($files files, $size written)"
  if [ "$hugo" = 1 ] && [ -d "$work/out-hugo" ]; then
    echo "   hugo: $(find "$work/out-hugo" -type f | wc -l) files, $(du -sh --apparent-size "$work/out-hugo" | cut -f1) written"
    # The same files, but for talkgen's marker and the `page/1/` redirects Hugo 0.111 writes
    # beside every paginated list and cannot be told not to.
    (cd "$work/out-talkgen" && find . -type f ! -name .talkgen-output | sort) > "$res/files-talkgen"
    (cd "$work/out-hugo" && find . -type f ! -path '*/page/1/index.html' | sort) > "$res/files-hugo"
    if cmp -s "$res/files-talkgen" "$res/files-hugo"; then
      echo "   same file list ($(wc -l < "$res/files-talkgen") files; Hugo's $(find "$work/out-hugo" -path '*/page/1/index.html' | wc -l) page/1 redirects aside)"
    else
      echo "   FILE LISTS DIFFER (talkgen < > hugo):"; diff "$res/files-talkgen" "$res/files-hugo" | head -20
    fi
  fi
  printf '%-18s %10s %12s\n' tool "median s" "peak MB"
  for t in talkgen rebuild cp check hugo; do
    [ -s "$res/$t" ] || continue
    printf '%-18s %10s %12s\n' "$t" "$(cut -d' ' -f1 "$res/$t" | median)" \
      "$(cut -d' ' -f2 "$res/$t" | median | awk '{printf "%.0f", $1/1024}')"
  done
  # Ratios per round (same round, adjacent runs), then their median.
  ratio() { paste -d' ' <(cut -d' ' -f1 "$res/$1") <(cut -d' ' -f1 "$res/$2") \
              | awk '$2 > 0 {print $1/$2}' | median; }
  echo "talkgen / cp -r     $(ratio talkgen cp)   (target <= 1.5)"
  [ "$hugo" = 1 ] && echo "talkgen / hugo      $(ratio talkgen hugo)   (target <= 0.15)"
  echo "check / talkgen     $(ratio check talkgen)   (target <= 0.1)"
  med=$(cut -d' ' -f1 "$res/talkgen" | median)
  if [ -n "$prev_size" ]; then
    awk -v a="$prev_med" -v b="$med" -v n0="$prev_size" -v n1="$n" \
      'BEGIN {printf "scaling %s -> %s talks (x%.1f): time x%.2f\n", n0, n1, n1/n0, b/a}'
  fi
  prev_size="$n"; prev_med="$med"
done
rm -rf "$work/out-talkgen" "$work/out-cp" "$work/out-hugo"
