#!/usr/bin/env bash
# The library benchmark: synthetic libraries made of copies of the shipped topics (other ids,
# same text and translations), built in every language, regular print. For each size it
# reports the first build (no fit cache), documents per second and milliseconds per document,
# the peak memory (maximum resident set, /usr/bin/time), the processor time per document
# (which the host's steal of a virtual machine's processors does not inflate; the steal column
# says how much there was), a rebuild with nothing changed and a
# rebuild after one topic's text changed: how many documents it made again, and its time beyond
# making them at the first build's pace. The first row is the shipped library itself.
# Usage: [HANDOUT_BIN=path] bash bench/library.sh [TOPICS ...]   (default: 2 25 200; 200 topics make about
# 13,500 PDFs and take several minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(2 25 200)

# HANDOUT_BIN: a binary to measure instead of a fresh release build.
handout=${HANDOUT_BIN:-}
if [ -z "$handout" ]; then
  cargo build --release --quiet
  handout=$PWD/target/release/handout
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A data folder of N topics: the shipped ones, then copies of them as `<id>-<i>`.
library() {
  local n=$1 dir=$work/data-$1
  cp -r data "$dir"
  local shipped=(data/topics/*.toml)
  local i=${#shipped[@]}
  while [ "$i" -lt "$n" ]; do
    local source=${shipped[$((i % ${#shipped[@]}))]}
    local id base
    base=$(basename "$source" .toml)
    id="$base-$i"
    sed "s/^id = \"$base\"/id = \"$id\"/" "$source" > "$dir/topics/$id.toml"
    for catalog in data/locales/*/"$base".po; do
      cp "$catalog" "$(dirname "$dir/${catalog#data/}")/$id.po"
    done
    i=$((i + 1))
  done
  echo "$dir"
}

# Time the machine's virtual processors waited for the host (steal), in clock ticks so far.
steal() { awk '/^cpu / {print $9}' /proc/stat; }

# Seconds, peak resident memory (MB), processor seconds (user and system) and the share of the
# run the processors were stolen by the host, of one run: "SECONDS MB CPU STEAL%".
measure() {
  local before after
  before=$(steal)
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
  after=$(steal)
  awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" -v cores="$(nproc)" \
    '{printf "%s %.0f %.1f %.0f\n", $1, $2 / 1024, $3 + $4, 100 * ticks / hz / cores / ($1 > 0 ? $1 : 1)}' "$work/time"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
printf '%7s %7s %9s %7s %8s %11s %7s %8s %10s %7s %12s %5s %9s\n' topics PDFs "first s" "docs/s" "ms/doc" "cpu ms/doc" steal% "peak MB" "no-op s" "% first" "one topic s" made "beyond s"
for n in "${sizes[@]}"; do
  data=$(library "$n")
  out=$work/out-$n
  export HANDOUT_CACHE=$work/cache-$n
  build=("$handout" --data "$data" build --locale all --quiet --out "$out")
  read -r first peak cpu stolen < <(measure "${build[@]}")
  pdfs=$(find "$out" -name '*.pdf' | wc -l)
  read -r noop _ < <(measure "${build[@]}")
  # One topic's text changes (its date, on every page): its documents are made again.
  sed -i 's/^updated = .*/updated = 2026-12-24/' "$data/topics/calcinosis.toml"
  touch "$work/marker"
  sleep 1
  read -r one _ < <(measure "${build[@]}")
  # Beyond making that topic's documents again, at the first build's pace: the cost of the rest.
  made=$(find "$out" -name '*.pdf' -newer "$work/marker" | wc -l)
  awk -v n="$n" -v pdfs="$pdfs" -v first="$first" -v cpu="$cpu" -v stolen="$stolen" -v peak="$peak" -v noop="$noop" -v one="$one" -v made="$made" 'BEGIN {
    printf "%7d %7d %9.1f %7.1f %8.1f %11.1f %7d %8d %10.2f %7.1f %12.2f %5d %9.2f\n", n, pdfs, first, pdfs / first, 1000 * first / pdfs, 1000 * cpu / pdfs, stolen, peak, noop, 100 * noop / first, one, made, one - made * first / pdfs
  }'
  rm -rf "$out" "$data" "$HANDOUT_CACHE"
done
