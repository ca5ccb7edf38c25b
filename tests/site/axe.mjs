#!/usr/bin/env node
// Accessibility check for the static site written by `handout site`.
//
//   node tests/site/axe.mjs <site-folder> [--screenshots DIR]
//
// Serves <site-folder> on 127.0.0.1 (random port), opens every .html file in
// headless Chromium at 390 px and 1280 px, runs axe-core (WCAG 2.0/2.1 A+AA)
// plus the site's own rules below, and prints one line per page and width.
// Exit: 0 no violations, 1 violations, 2 setup error or a page could not be checked.

import fs from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const WIDTHS = [
  { width: 390, height: 844 }, // phone
  { width: 1280, height: 800 }, // desktop
];
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const MIN_FONT_PX = 16;
const TIMEOUT_MS = 30_000;
const PARALLEL = 4; // pages checked at once

function fail(msg) {
  console.error(`axe.mjs: ${msg}`);
  process.exit(2);
}

function parseArgs(argv) {
  const usage = 'usage: node tests/site/axe.mjs <site-folder> [--screenshots DIR]';
  let root, shots;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') { console.log(usage); process.exit(0); }
    else if (a === '--screenshots') { shots = argv[++i]; if (!shots) fail(usage); }
    else if (a.startsWith('--screenshots=')) shots = a.slice('--screenshots='.length);
    else if (a.startsWith('-') || root) fail(`unexpected argument '${a}'\n${usage}`);
    else root = a;
  }
  if (!root) fail(usage);
  return { root: path.resolve(root), shots: shots && path.resolve(shots) };
}

function findHtml(root) {
  return fs.readdirSync(root, { recursive: true })
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => /\.html?$/i.test(f) && fs.statSync(path.join(root, f)).isFile())
    .sort();
}


// The site's own rules, run in the page.
function siteChecks({ minFont, checkScroll }) {
  const sel = (el) => { // short unique CSS path, e.g. "main > p:nth-of-type(2)"
    const parts = [];
    for (; el && el !== html; el = el.parentElement) {
      if (el.id) { parts.unshift('#' + CSS.escape(el.id)); break; }
      const tag = el.tagName.toLowerCase();
      const same = [...el.parentElement.children].filter((c) => c.tagName === el.tagName);
      parts.unshift(same.length > 1 ? `${tag}:nth-of-type(${same.indexOf(el) + 1})` : tag);
    }
    return parts.join(' > ') || 'html';
  };
  const shown = (el) => el.getClientRects().length > 0;
  const out = [];
  const html = document.documentElement;
  const lang = (html.getAttribute('lang') || '').trim();
  if (!lang) {
    out.push({ id: 'site-html-lang', impact: 'serious', help: '<html> must have a non-empty lang attribute', targets: ['html'] });
  }
  if (/^ar(-|$)/i.test(lang) && (html.getAttribute('dir') || '').toLowerCase() !== 'rtl') {
    out.push({ id: 'site-rtl-dir', impact: 'serious', help: `<html lang="${lang}"> must have dir="rtl"`, targets: ['html'] });
  }
  const small = [...document.querySelectorAll('p, li')]
    .filter((el) => shown(el) && el.textContent.trim())
    .map((el) => [el, parseFloat(getComputedStyle(el).fontSize)])
    .filter(([, px]) => px < minFont - 0.01);
  if (small.length) {
    out.push({
      id: 'site-font-size', impact: 'moderate', help: `Body text (p, li) must be at least ${minFont}px`,
      targets: small.map(([el, px]) => `${sel(el)} (${+px.toFixed(2)}px)`),
    });
  }
  if (checkScroll && html.scrollWidth > window.innerWidth) {
    // Name the outermost elements that stick out past the viewport, as a hint.
    const clipped = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') return true;
      }
      return false;
    };
    const over = (el) => el && el.getBoundingClientRect().right > window.innerWidth + 0.5;
    const culprits = [...document.body.querySelectorAll('*')]
      .filter((el) => shown(el) && over(el) && !over(el.parentElement) && !clipped(el))
      .slice(0, 10).map(sel);
    out.push({
      id: 'site-no-hscroll', impact: 'serious',
      help: `Page scrolls sideways at ${window.innerWidth}px (scrollWidth ${html.scrollWidth}px)`,
      targets: culprits.length ? culprits : ['html'],
    });
  }
  return out;
}

async function checkPage(context, url) {
  const page = await context.newPage();
  try {
    page.setDefaultTimeout(TIMEOUT_MS);
    const broken = new Map(); // url -> first problem seen (a 404 is also reported as a failed request)
    const note = (url, why) => { if (!broken.has(url)) broken.set(url, `${why} ${url}`); };
    page.on('response', (r) => { if (r.status() >= 400) note(r.url(), `HTTP ${r.status()}`); });
    page.on('requestfailed', (r) => note(r.url(), r.failure()?.errorText ?? 'failed'));
    const res = await page.goto(url, { waitUntil: 'load', timeout: TIMEOUT_MS });
    if (!res || !res.ok()) throw new Error(`HTTP ${res ? res.status() : 'no response'} for ${url}`);
    await page.evaluate(() => document.fonts && document.fonts.ready);
    await page.addScriptTag({ content: axe.source });
    const result = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
      TAGS,
    );
    const violations = result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.map((n) => n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' >>> ')),
    }));
    const width = page.viewportSize().width;
    violations.push(...(await page.evaluate(siteChecks, { minFont: MIN_FONT_PX, checkScroll: width === 390 })));
    return { page, violations, broken: [...broken.values()] };
  } catch (e) {
    await page.close().catch(() => {});
    throw e;
  }
}

async function main() {
  const { root, shots } = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) fail(`not a folder: ${root}`);
  const files = findHtml(root);
  if (!files.length) fail(`no .html files under ${root}`);
  if (!fs.existsSync(CHROMIUM)) {
    fail(`Chromium not found at ${CHROMIUM}. Install it with: apt-get install -y chromium`);
  }
  if (shots) fs.mkdirSync(shots, { recursive: true });

  const server = await serve(root);
  const base = `http://127.0.0.1:${server.address().port}/`;
  let browser;
  let failedChecks = 0, passedChecks = 0, total = 0, errors = 0;
  try {
    try {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        timeout: 60_000,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-extensions'],
      });
    } catch (e) {
      fail(`could not start Chromium at ${CHROMIUM}: ${e.message.split('\n')[0]}\n` +
        'If it is missing or broken: apt-get install -y chromium');
    }
    for (const vp of WIDTHS) {
      const context = await browser.newContext({ viewport: vp, deviceScaleFactor: 1 });
      try {
        // A few pages at once; the report keeps the files' order.
        const results = new Array(files.length);
        let next = 0;
        const worker = async () => {
          for (let i = next++; i < files.length; i = next++) {
            const url = base + files[i].split('/').map(encodeURIComponent).join('/');
            try {
              const r = await checkPage(context, url);
              if (shots) {
                const name = `${files[i].replaceAll('/', '_')}-${vp.width}.png`;
                await r.page.screenshot({ path: path.join(shots, name), fullPage: true, timeout: TIMEOUT_MS });
              }
              await r.page.close();
              results[i] = r;
            } catch (e) {
              results[i] = { error: e };
            }
          }
        };
        await Promise.all(Array.from({ length: PARALLEL }, worker));
        files.forEach((rel, i) => {
          const label = `${rel} @${vp.width}px`;
          const r = results[i];
          if (r.error) {
            errors++;
            console.log(`ERROR ${label}: ${r.error.message.split('\n')[0]}`);
            return;
          }
          const n = r.violations.length;
          n ? failedChecks++ : passedChecks++;
          total += n;
          console.log(`${n ? 'FAIL' : 'ok  '} ${label}: ${n} violation${n === 1 ? '' : 's'}`);
          for (const v of r.violations) {
            console.log(`  - ${v.id} [${v.impact ?? 'n/a'}] ${v.help}`);
            for (const t of v.targets) console.log(`      ${t}`);
          }
          for (const b of r.broken) console.log(`  ! warning: ${b}`);
        });
      } finally {
        await context.close().catch(() => {});
      }
    }
  } finally {
    if (browser) await browser.close().catch(() => {});
    server.close();
  }
  console.log(`\n${files.length} page(s) x ${WIDTHS.length} widths: ${total} violation(s)` +
    (errors ? `, ${errors} page load error(s)` : ''));
  console.log(`a11y: ${passedChecks} passed, ${failedChecks + errors} failed`);
  process.exitCode = errors ? 2 : failedChecks ? 1 : 0;
}

main().catch((e) => {
  console.error(`axe.mjs: ${e.stack || e}`);
  process.exit(2);
});
