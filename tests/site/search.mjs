#!/usr/bin/env node
// The search box of a language's list of topics, in headless Chromium:
//
//   node tests/site/search.mjs <site-folder> <locale> <query>
//
// Served over http: waits for the box to appear, types <query>, waits for results, and runs
// axe-core (WCAG 2 A and AA) on the page with its results shown. Without JavaScript, and
// opened from file://: whether the box shows and how many topics the list holds.
// Prints one JSON object; exit 0 when it could check, 2 when it could not.

import path from 'node:path';
import axe from 'axe-core';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const TIMEOUT_MS = 20_000;
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const [root, locale, query] = process.argv.slice(2);
if (!root || !locale || !query) {
  console.error('usage: node tests/site/search.mjs <site-folder> <locale> <query>');
  process.exit(2);
}

// What the list of topics shows: the box's visibility and the topics' links.
async function listed(page) {
  return {
    box_visible: await page.locator('form.search').isVisible(),
    topics: await page.$$eval('ul.topics li a', (links) => links.map((a) => a.getAttribute('href'))),
  };
}

async function searched(browser, base) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${base}${locale}/index.html`, { waitUntil: 'load' });
  await page.locator('form.search').waitFor({ state: 'visible' });
  await page.getByRole('searchbox').pressSequentially(query, { delay: 20 });
  await page.locator('.search-results a').first().waitFor({ state: 'visible' });
  const results = await page.$$eval('.search-results a', (links) =>
    links.map((a) => ({ href: new URL(a.href).pathname, text: a.textContent })));
  const status = await page.locator('.search-status').textContent();
  const label = await page.$eval('#search-box', (input) => input.labels[0]?.textContent ?? '');
  await page.addScriptTag({ content: axe.source });
  const found = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    TAGS,
  );
  const violations = found.violations.map((v) => `${v.id}: ${v.help}`);
  await context.close();
  return { results, status, label, violations, errors };
}

async function withoutScripts(browser, base) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${base}${locale}/index.html`, { waitUntil: 'load' });
  const seen = await listed(page);
  await context.close();
  return seen;
}

async function fromFile(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`file://${path.join(root, locale, 'index.html')}`, { waitUntil: 'load' });
  // Long enough for the script to give up on the index.
  await page.waitForTimeout(1500);
  const seen = await listed(page);
  await context.close();
  return { ...seen, errors };
}

async function main() {
  const server = await serve(path.resolve(root));
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
  try {
    const report = {
      served: await searched(browser, base),
      no_javascript: await withoutScripts(browser, base),
      file: await fromFile(browser),
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await browser.close().catch(() => {});
    server.close();
  }
}

main().catch((e) => {
  console.error(`search.mjs: ${e.stack || e}`);
  process.exit(2);
});
