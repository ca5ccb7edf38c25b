#!/usr/bin/env bash
# Installs what the WeasyPrint + Jinja2 comparison needs, once: Pango from Debian and a venv
# in bench/.tools/weasyprint-venv with pinned weasyprint, jinja2 and polib. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=bench/.tools/weasyprint-venv
# WeasyPrint loads Pango, HarfBuzz and fontconfig through cffi; the venv needs python3-venv.
apt=()
ldconfig -p | grep 'libpangoft2-1.0.so.0' >/dev/null || apt+=(libpango-1.0-0 libpangoft2-1.0-0)
ldconfig -p | grep 'libharfbuzz-subset.so.0' >/dev/null || apt+=(libharfbuzz-subset0)
python3 -c 'import venv, ensurepip' 2>/dev/null || apt+=(python3-venv)
if [ ${#apt[@]} -gt 0 ]; then
  echo "installing ${apt[*]} (apt-get)" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt[@]}" >/dev/null
fi
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import weasyprint, jinja2, polib' 2>/dev/null; then
  echo "installing weasyprint, jinja2 and polib into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r bench/weasyprint/requirements.txt
fi
