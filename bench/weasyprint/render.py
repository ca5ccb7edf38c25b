"""The comparison workload for bench/compare.sh: the handouts of `handout build --locale all
--no-forms` (overview, six fact cards and question list in nine languages), written as HTML
with Jinja2 and turned into tagged PDFs by WeasyPrint, one worker process per core.

Content comes from the same files handout reads: data/calcinosis.toml (English) and the PO
catalogs in data/locales (msgctxt = content path, used where msgid still matches the English
and the entry is neither fuzzy nor empty, as handout does). Fonts are the repository's own,
loaded with @font-face from fonts/.

Usage: python render.py [--out DIR] [--jobs N] [--locale all|en,es,..] [--fit | --fits-from DIR]
Each document is laid out once, at handout's first fit (12 pt), unless:
--fit            does handout's page-limit search itself: a document that runs over its limit
                 (fact card one page, others two) is laid out again with the next, tighter fit,
                 down to 11 pt, as a cold `handout build` does;
--fits-from DIR  takes each document's fit from the sources of `handout source --locale all
                 --out DIR` and lays it out once at that fit, as `handout build` does when its
                 fit cache already knows the fit.
"""

import argparse
import multiprocessing
import os
import re
import sys
import time
import tomllib
from pathlib import Path

import jinja2
import markupsafe
import polib
import weasyprint
from weasyprint.text.fonts import FontConfiguration

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent

LATIN = ["Atkinson Hyperlegible", "Noto Sans", "Noto Sans Arabic", "Noto Sans SC", "Noto Emoji"]
NOTO = ["Noto Sans", "Noto Sans Arabic", "Noto Sans SC", "Noto Emoji"]
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
# The locales of src/i18n/locale.rs: language, direction, fonts, digits, line spacing.
LOCALES = {
    "en": dict(lang="en", fonts=LATIN),
    "es": dict(lang="es", fonts=LATIN),
    "zh-Hans": dict(lang="zh-CN", fonts=["Noto Sans SC", "Noto Sans", "Noto Emoji"]),
    "vi": dict(lang="vi", fonts=NOTO, leading_scale=1.15),
    "ar": dict(lang="ar", fonts=["Noto Sans Arabic", "Noto Sans", "Noto Emoji"], rtl=True,
               digits=ARABIC_DIGITS, counter="arabic-indic", leading_scale=1.1, top_edge=0.85),
    "ru": dict(lang="ru", fonts=NOTO),
    "fr": dict(lang="fr", fonts=LATIN),
    "tl": dict(lang="tl", fonts=LATIN),
    "ht": dict(lang="ht", fonts=LATIN),
}
# handout's fits (src/render/view.rs): tighter spacing first, then smaller text (the last
# fit's narrower margins and shorter source lines are not modelled).
FITS = [(12.0, 0.7, 1.0), (12.0, 0.6, 0.75), (11.5, 0.58, 0.7), (11.0, 0.55, 0.65), (11.0, 0.5, 0.5)]
SKIP = {"id", "url", "reviewed", "next_review", "sources"}


def translate(value, path, strings):
    """A copy of the content with every string whose path the catalog translates replaced."""
    if isinstance(value, str):
        return strings.get(path, value)
    if isinstance(value, dict):
        return {k: v if k in SKIP else translate(v, f"{path}.{k}" if path else k, strings)
                for k, v in value.items()}
    if isinstance(value, list):
        return [translate(item, f"{path}.{item['id'] if isinstance(item, dict) and 'id' in item else i}", strings)
                for i, item in enumerate(value)]
    return value


def english_at(content, path):
    value = content
    for key in path.split("."):
        if isinstance(value, list):
            value = next((v for v in value if isinstance(v, dict) and v.get("id") == key), None) \
                if not key.isdigit() else value[int(key)]
        elif isinstance(value, dict):
            value = value.get(key)
        if value is None:
            return None
    return value


def load_locale(code, english):
    """The topic in one language, and whether its catalog is a draft."""
    if code == "en":
        return english, False
    po = polib.pofile(str(ROOT / "data" / "locales" / f"{code}.po"))
    strings = {e.msgctxt: e.msgstr for e in po.translated_entries()
               if e.msgctxt and english_at(english, e.msgctxt) == e.msgid}
    draft = po.metadata.get("X-Review-Status", "draft") != "reviewed"
    return translate(english, "", strings), draft


def digits(text, locale):
    table = locale.get("digits")
    return "".join(table[int(c)] if table and c.isdigit() else c for c in str(text))


def format_date(date, labels, locale):
    return (labels["date_format"].replace("{day}", digits(date.day, locale))
            .replace("{month}", labels["months"][date.month - 1])
            .replace("{year}", digits(date.year, locale)))


def css_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def page_of(label, locale):
    """The CSS `content` value for "Page {page} of {total}" with the locale's digits."""
    style = locale.get("counter", "decimal")
    parts = []
    rest = label
    while rest:
        cuts = [(rest.find(m), m) for m in ("{page}", "{total}") if m in rest]
        if not cuts:
            parts.append(css_string(rest))
            break
        at, mark = min(cuts)
        if at:
            parts.append(css_string(rest[:at]))
        parts.append(f"counter({'page' if mark == '{page}' else 'pages'}, {style})")
        rest = rest[at + len(mark):]
    return " ".join(parts)


def jobs_for(codes):
    """Every document of the build: (locale, kind, type id), overview, cards, question list."""
    english = tomllib.loads((ROOT / "data" / "calcinosis.toml").read_text(encoding="utf-8"))
    out = []
    for code in codes:
        content, draft = load_locale(code, english)
        out.append((code, content, draft, "overview", None))
        out += [(code, content, draft, "card", t["id"]) for t in content["types"]]
        out.append((code, content, draft, "questions", None))
    return out


# One per worker: the templates, the stylesheet and its loaded fonts, shared by its documents
# as handout's threads share one font book.
_env = _css = _fonts = None


def init_worker():
    global _env, _css, _fonts
    _env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True)
    _env.filters["cssstr"] = lambda text: markupsafe.Markup(css_string(text))
    _fonts = FontConfiguration()
    css = (HERE / "templates" / "handout.css").read_text(encoding="utf-8")
    css = css.replace("FONTS/", (ROOT / "fonts").as_uri() + "/")
    _css = weasyprint.CSS(string=css, font_config=_fonts)


def fit_from(folder, code, name):
    """The fit (size, leading before the locale's scale, spacing) in a generated Typst source."""
    source = (Path(folder) / code / name).with_suffix(".typ").read_text(encoding="utf-8")
    size, leading, spacing = (float(re.search(rf"^  {key}: ([0-9.]+),$", source, re.M)[1])
                              for key in ("size", "leading", "spacing"))
    return size, leading / LOCALES[code].get("leading_scale", 1.0), spacing


def render_one(job, out, fit_search, fits_from):
    code, content, draft, kind, type_id = job
    locale = LOCALES[code]
    topic, labels = content["topic"], content["labels"]
    condition = next((t for t in content["types"] if t["id"] == type_id), None)
    title = {"overview": topic["overview_title"], "questions": topic["questions_title"]}.get(
        kind, condition and condition["name"])
    if kind == "card":
        cited = [s for s in content["sources"] if s["id"] in condition["sources"]]
    else:
        cited = content["sources"] if kind == "overview" else []
    view = dict(content, type=condition, cited=cited, doc=dict(
        title=title, lang=locale["lang"], dir="rtl" if locale.get("rtl") else "ltr",
        fonts=", ".join(css_string(f) for f in locale["fonts"]),
        draft_note=labels["draft_note"] if draft else "",
        reviewed=format_date(topic["reviewed"], labels, locale),
        page_of=page_of(labels["page_of"], locale),
        number=lambda n: digits(n, locale),
        generator="WeasyPrint + Jinja2 comparison (bench/weasyprint)"))
    template = _env.get_template(f"{kind}.html.j2")
    max_pages = 1 if kind == "card" else 2
    name = f"{topic['id']}-{type_id or kind}.pdf"
    fits = FITS if fit_search else [fit_from(fits_from, code, name)] if fits_from else FITS[:1]
    for tried, (size, leading, spacing) in enumerate(fits):
        leading *= locale.get("leading_scale", 1.0)
        line = locale.get("top_edge", 0.67) + leading
        # Typst measures block spacing from baseline to cap height; CSS from line box to line box.
        html = template.render(view, fit=dict(
            size=size, line=line, par=max(0.0, spacing * 1.1 - leading),
            h2_above=max(0.0, spacing * 1.1 - leading) / 1.2, h2_below=spacing * 0.2 / 1.2))
        document = weasyprint.HTML(string=html, base_url=str(ROOT)).render(
            stylesheets=[_css], font_config=_fonts, pdf_tags=True)
        if len(document.pages) <= max_pages:
            break
    target = Path(out) / code / name
    document.write_pdf(target, pdf_tags=True)
    return code, name, len(document.pages), tried, len(document.pages) <= max_pages


def main():
    start = time.perf_counter()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="out-weasyprint")
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--locale", default="all")
    parser.add_argument("--fit", action="store_true")
    parser.add_argument("--fits-from")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args()
    codes = list(LOCALES) if args.locale == "all" else args.locale.split(",")
    jobs = jobs_for(codes)
    for code in codes:
        (Path(args.out) / code).mkdir(parents=True, exist_ok=True)
    with multiprocessing.Pool(args.jobs, initializer=init_worker) as pool:
        results = pool.starmap(render_one, [(job, args.out, args.fit, args.fits_from) for job in jobs], chunksize=1)
    over = [f"{code}/{name} ({pages} pages)" for code, name, pages, _, fits in results if not fits]
    if not args.quiet:
        refits = sum(1 for r in results if r[3])
        layouts = sum(r[3] + 1 for r in results)
        print(f"{len(results)} documents in {time.perf_counter() - start:.2f} s ({args.jobs} workers; "
              f"{layouts} layouts, {refits} documents laid out again to fit)", file=sys.stderr)
        for item in over:
            print(f"over its page limit: {item}", file=sys.stderr)


if __name__ == "__main__":
    main()
