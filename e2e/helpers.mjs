// Shared set-up for the browser tests: Debian's Chromium driven by playwright-core, the built app served
// locally, and a record of console errors and of every request the page makes.
import { chromium } from 'playwright-core';
import { startServer } from '../tools/serve.mjs';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUT = path.join(ROOT, 'e2e', 'out');
fs.mkdirSync(OUT, { recursive: true });

export const SUBPATH = '/courses/paxos/';

export async function setup() {
  const server = await startServer({ root: path.join(ROOT, 'dist'), prefixes: [SUBPATH, '/'] });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  return { server, browser };
}

export async function teardown({ server, browser }) {
  await browser?.close();
  await server?.close();
}

/** Opens the app; `problems` collects console errors, page errors and requests that leave the host. */
export async function open(browser, url, viewport = { width: 1280, height: 720 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems = [];
  const origin = new URL(url).origin;
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) problems.push(`left the host: ${r.url()}`);
  });
  await page.goto(url);
  await page.getByRole('log', { name: 'Transcript' }).waitFor();
  return { page, context, problems };
}

export function transcript(page) {
  return page.getByRole('log', { name: 'Transcript' });
}

/** Presses Step until it is disabled (the end of the scenario); returns how many presses. */
export async function stepToEnd(page, limit = 500) {
  const step = page.getByRole('button', { name: 'Step ▶' });
  let n = 0;
  while (n < limit && (await step.isEnabled())) {
    await step.click();
    n += 1;
  }
  return n;
}

/** The messenger whose accessible name matches `re` (for example /prepare 8, from Leader 1 to Acceptor 1,/). */
export function messenger(page, re) {
  return page.getByRole('button', { name: re }).first();
}

/** Selects a messenger by clicking it, then presses one of its actions (Deliver now, Drop, …). */
export async function onMessenger(page, re, action) {
  await messenger(page, re).click();
  await page.getByRole('button', { name: action, exact: action !== 'Delay' }).click();
}

export function node(page, name) {
  return page.locator(`[data-node="${name}"]`);
}

/** Waits (up to 5 s) until `locator` matches exactly `n` elements: rendering may yield between frames. */
export async function waitCount(locator, n, what = '') {
  const deadline = Date.now() + 5000;
  let seen = await locator.count();
  while (seen !== n && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    seen = await locator.count();
  }
  if (seen !== n) throw new Error(`expected ${n} matches, saw ${seen} ${what}`);
}

/** Waits (up to 5 s) until `locator`'s attribute matches `re`; returns its value. */
export async function waitAttr(locator, attr, re) {
  const deadline = Date.now() + 5000;
  let value = await locator.getAttribute(attr);
  while (!re.test(value ?? '') && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    value = await locator.getAttribute(attr);
  }
  if (!re.test(value ?? '')) throw new Error(`${attr} is "${value}", expected ${re}`);
  return value;
}

/** Waits (up to `ms`) until the text of `locator` matches `re`; returns it. */
export async function waitText(locator, re, ms = 5000) {
  const deadline = Date.now() + ms;
  let text = await locator.textContent();
  while (!re.test(text ?? '') && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    text = await locator.textContent();
  }
  if (!re.test(text ?? '')) throw new Error(`text is "${text}", expected ${re}`);
  return text;
}

// The break-it labs' tests (lab.test.mjs, lab_tabs.test.mjs).

/** Records every text the progress line shows from now on (a search may be over in a fraction of a second). */
export async function watchProgress(page) {
  await page.evaluate(() => {
    window.__labProgress = [];
    const seen = () => {
      const p = document.querySelector('#lab-progress-text');
      const bar = document.querySelector('#lab-progress');
      if (p && bar) window.__labProgress.push({ text: p.textContent, value: Number(bar.value), max: Number(bar.max) });
    };
    new MutationObserver(seen).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

/** Frames painted during `ms` and the longest gap between two, measured in the page. */
export function frames(page, ms) {
  return page.evaluate((ms) => new Promise((resolve) => {
    const t0 = performance.now();
    let last = t0;
    let n = 0;
    let worst = 0;
    const frame = (now) => {
      worst = Math.max(worst, now - last);
      last = now;
      n += 1;
      if (now - t0 < ms) requestAnimationFrame(frame);
      else resolve({ n, worst: Math.round(worst) });
    };
    requestAnimationFrame(frame);
  }), ms);
}

/** The serious and critical violations axe-core finds in the page now, one line each. */
export async function axeSerious(page) {
  const file = process.env.AXE_CORE || createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  await page.evaluate(fs.readFileSync(file, 'utf8'));
  return page.evaluate(async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`));
}

/** Shown elements under `selector` with text of their own in a font below `px` pixels, one line each. */
export function smallTexts(page, selector, px = 18) {
  return page.evaluate(({ selector, px }) => {
    const out = [];
    for (const el of document.querySelectorAll(selector)) {
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!own || !el.getClientRects().length) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < px) out.push(`${el.tagName.toLowerCase()}.${el.className} ${size}px: ${el.textContent.trim().slice(0, 40)}`);
    }
    return out;
  }, { selector, px });
}
