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
measure() { local label=$1; shift; local t; t=$(for _ in $(seq "$runs"); do time_of "$@"; done | median); printf '%-58s %8.3f s\n' "$label" "$t" >&2; echo "$t"; }

# typst compiles only files inside its root: the sources go beside a copy of the templates.
mkdir -p "$work/root"
cp templates/*.typ "$work/root/"
"$handout" source --locale all --out "$work/root/src" >/dev/null
count=$(find "$work/root/src" -name '*.typ' | wc -l)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $count documents; $runs runs each"

typst_all() {
  find "$work/root/src" -name '*.typ' | xargs -P "$jobs" -I{} "$typst" compile --root "$work/root" --font-path fonts --ignore-system-fonts {} {}.pdf
}
typst_one() { "$typst" compile --root "$work/root" --font-path fonts --ignore-system-fonts "$work/root/src/en/calcinosis-overview.typ" "$work/one.pdf"; }

# Check once that typst-cli compiles every source unchanged.
typst_all
test "$(find "$work/root/src" -name '*.pdf' | wc -l)" -eq "$count" || { echo "typst-cli failed on some sources"; exit 1; }
# handout keeps the fit each source needed (src/fits.rs): "warm" is a rebuild with that cache
# filled by an earlier run, "cold" a run without it, which makes every trial compilation.
export HANDOUT_CACHE="$work/cache"
"$handout" build --locale all --quiet --out "$work/out"
cold() { HANDOUT_CACHE=off "$handout" "$@"; }
h_all=$(measure "handout build --locale all (with form fields), warm" "$handout" build --locale all --quiet --out "$work/out" | tail -1)
h_all_cold=$(measure "handout build --locale all (with form fields), cold" cold build --locale all --quiet --out "$work/out" | tail -1)
h_all_nf=$(measure "handout build --locale all --no-forms, warm" "$handout" build --locale all --no-forms --quiet --out "$work/out" | tail -1)
h_cold=$(measure "handout build --locale all --no-forms, cold" cold build --locale all --no-forms --quiet --out "$work/out" | tail -1)
t_all=$(measure "typst compile, xargs -P$jobs, same $count sources" typst_all | tail -1)
h_one=$(measure "handout build --doc overview --locale en, cold" cold build --doc overview --locale en --quiet --out "$work/out" | tail -1)
t_one=$(measure "typst compile, the same overview" typst_one | tail -1)
printf 'full set, no forms: handout is %.1fx faster than typst-cli warm, %.1fx cold; one document: %.1fx\n' \
  "$(echo "$t_all / $h_all_nf" | bc -l)" "$(echo "$t_all / $h_cold" | bc -l)" "$(echo "$t_one / $h_one" | bc -l)"

# WeasyPrint + Jinja2: the same documents as HTML with the same fonts, $jobs worker processes,
# tagged PDFs, no form fields (hence against --no-forms). Laid out once at each document's final
# fit (from the sources above), against handout warm; and searching the fit itself, against
# handout cold.
bash bench/weasyprint/setup.sh
wpy=bench/.tools/weasyprint-venv/bin/python
weasy_once() { "$wpy" bench/weasyprint/render.py --quiet --jobs "$jobs" --fits-from "$work/root/src" --out "$work/weasy"; }
weasy_fit() { "$wpy" bench/weasyprint/render.py --quiet --jobs "$jobs" --fit --out "$work/weasy"; }
weasy_once
test "$(find "$work/weasy" -name '*.pdf' | wc -l)" -eq "$count" || { echo "WeasyPrint did not write every document"; exit 1; }
w_once=$(measure "WeasyPrint + Jinja2, $jobs workers, same $count documents" weasy_once | tail -1)
w_fit=$(measure "WeasyPrint + Jinja2, the same, searching the fit too" weasy_fit | tail -1)
printf 'full set: handout (no forms) is %.1fx faster than WeasyPrint + Jinja2; %.1fx when both search the fit\n' \
  "$(echo "$w_once / $h_all_nf" | bc -l)" "$(echo "$w_fit / $h_cold" | bc -l)"
/usr/bin/time -f "peak memory of the full set with forms: %M KB" "$handout" build --locale all --quiet --out "$work/out"
"$handout" build --locale all --quiet --timings --out "$work/out"
