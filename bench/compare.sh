#!/usr/bin/env bash
# Whole-process timings: handout against the typst command-line compiler (same version, same
# generated sources, same fonts, same parallelism) and against WeasyPrint + Jinja2 rendering
# the same handouts as HTML (bench/weasyprint). Prints medians of several runs.
# Usage: bash bench/compare.sh [RUNS]   (installs typst-cli 0.15.1 and a WeasyPrint venv into bench/.tools once)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
jobs=$(nproc)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
handout=target/release/handout
typst=bench/.tools/bin/typst
if [ ! -x "$typst" ]; then
  echo "installing typst-cli 0.15.1 into bench/.tools (takes several minutes once)"
  cargo install --quiet --locked typst-cli --version 0.15.1 --root bench/.tools
fi

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
time_of() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc; }

# typst compiles only files inside its root: the sources go beside a copy of the templates,
# with the pictures they show (the striped maps handout makes) at their paths from the root.
mkdir -p "$work/root"
cp templates/*.typ "$work/root/"
"$handout" source --locale all --out "$work/root/src" >/dev/null
mv "$work/root/src/drawings" "$work/root/"
count=$(find "$work/root/src" -name '*.typ' | wc -l)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $count documents; $runs runs each"

typst_all() {
  find "$work/root/src" -name '*.typ' | xargs -P "$jobs" -I{} "$typst" compile --root "$work/root" --font-path fonts --ignore-system-fonts {} {}.pdf
}
typst_one() { "$typst" compile --root "$work/root" --font-path fonts --ignore-system-fonts "$work/root/src/en/calcinosis-overview.typ" "$work/one.pdf"; }

# Check once that typst-cli compiles every source unchanged.
typst_all
test "$(find "$work/root/src" -name '*.pdf' | wc -l)" -eq "$count" || { echo "typst-cli failed on some sources"; exit 1; }
# handout keeps, in its cache folder (src/cache.rs), the fit each source needed and the form
# fonts, subset and compressed. "warm" is a rebuild with both kept by an earlier run; "fits
# unknown" a run after every source changed (content, translations, templates or profile),
# with only the form fonts kept; "cold" the first run ever, without any cache, which makes
# every trial compilation and builds the form fonts.
export HANDOUT_CACHE="$work/cache"
"$handout" build --locale all --quiet --out "$work/out"
warm() { "$handout" build --locale all --quiet --force --out "$work/out" "$@"; }
changed() { rm -f "$HANDOUT_CACHE/fits"; warm "$@"; }
cold() { HANDOUT_CACHE=off warm "$@"; }
one() { HANDOUT_CACHE=off "$handout" build --doc overview --locale en --quiet --force --out "$work/out"; }

# WeasyPrint + Jinja2: the same documents as HTML with the same fonts, $jobs worker processes,
# tagged PDFs, no form fields (hence against --no-forms). Laid out once at each document's final
# fit (from the sources above), against handout warm; and searching the fit itself, against
# handout cold.
bash bench/weasyprint/setup.sh
wpy=bench/.tools/weasyprint-venv/bin/python
# WeasyPrint leaves font files in temporary folders; keep them in $work, which is removed.
mkdir -p "$work/tmp"
weasy_once() { TMPDIR="$work/tmp" "$wpy" bench/weasyprint/render.py --quiet --jobs "$jobs" --fits-from "$work/root/src" --out "$work/weasy"; }
weasy_fit() { TMPDIR="$work/tmp" "$wpy" bench/weasyprint/render.py --quiet --jobs "$jobs" --fit --out "$work/weasy"; }
weasy_once
test "$(find "$work/weasy" -name '*.pdf' | wc -l)" -eq "$count" || { echo "WeasyPrint did not write every document"; exit 1; }

# Every case once per round, rounds repeated: a shared machine's speed drifts over minutes,
# and interleaving lets the drift touch every case alike, so the ratios hold.
cases=(warm changed cold "warm --no-forms" "cold --no-forms" typst_all one typst_one weasy_once weasy_fit)
labels=(
  "handout build --locale all (with form fields), warm"
  "handout build --locale all (with form fields), fits unknown"
  "handout build --locale all (with form fields), cold"
  "handout build --locale all --no-forms, warm"
  "handout build --locale all --no-forms, cold"
  "typst compile, xargs -P$jobs, same $count sources"
  "handout build --doc overview --locale en, cold"
  "typst compile, the same overview"
  "WeasyPrint + Jinja2, $jobs workers, same $count documents"
  "WeasyPrint + Jinja2, the same, searching the fit too"
)
declare -a times
for _ in $(seq "$runs"); do
  for i in "${!cases[@]}"; do
    # shellcheck disable=SC2086 # a case is a function and its options
    times[i]+="$(time_of ${cases[i]}) "
  done
done
declare -a t
for i in "${!cases[@]}"; do
  t[i]=$(echo "${times[i]}" | tr ' ' '\n' | grep . | median)
  printf '%-60s %8.3f s\n' "${labels[i]}" "${t[i]}"
done
ratio() { echo "$1 / $2" | bc -l; }
printf 'full set, no forms: handout is %.1fx faster than typst-cli warm, %.1fx cold; one document: %.1fx\n' \
  "$(ratio "${t[5]}" "${t[3]}")" "$(ratio "${t[5]}" "${t[4]}")" "$(ratio "${t[7]}" "${t[6]}")"
printf 'full set: handout (no forms) is %.1fx faster than WeasyPrint + Jinja2; %.1fx when both search the fit\n' \
  "$(ratio "${t[8]}" "${t[3]}")" "$(ratio "${t[9]}" "${t[4]}")"
/usr/bin/time -f "peak memory of the full set with forms: %M KB" "$handout" build --locale all --quiet --force --out "$work/out"
"$handout" build --locale all --quiet --timings --out "$work/out"
