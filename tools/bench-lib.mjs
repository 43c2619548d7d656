// What the browser benchmarks share (tools/bench.mjs, bench-ui.mjs, bench-raftscope.mjs): Debian's Chromium,
// cold loads in fresh contexts timed to the painted frame, transfer sizes, frame counting, medians.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { gzip } from './compress.mjs';

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

export const VIEWPORT = { width: 1280, height: 720 };

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))];
}

/** Throttling for Chrome's network emulation (CDP), in bytes per second and ms of round trip. */
export function throttle(mbit, rttMs) {
  return { offline: false, latency: rttMs, downloadThroughput: (mbit * 1e6) / 8, uploadThroughput: (mbit * 1e6) / 8 };
}

/**
 * Opens `url` in a fresh context (empty cache) and times, from navigation start: when `selector` first
 * matches at least `count` elements ("drawn" in the DOM), and when the frame showing them has been painted
 * (the next animation frame's rendering has run: a task queued from its requestAnimationFrame callback).
 * Returns { dom, painted, fcp, dcl, load, fetched (the last file asked for before the picture arrived),
 * started (Trunk's TrunkApplicationStarted, NaN elsewhere) } in ms, and the still-open { context, page } when `keep`.
 */
export async function coldLoad(browser, url, { selector, count = 1, network = null, keep = false, timeout = 30000 }) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  if (network) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', network);
  }
  await page.addInitScript(({ selector, count }) => {
    const t = (window.__coldLoad = { dom: null, painted: null, started: null });
    // Trunk's start-up script fires this once the wasm is instantiated and main() has run.
    addEventListener('TrunkApplicationStarted', () => { t.started = performance.now(); });
    const check = () => {
      if (t.dom !== null || document.querySelectorAll(selector).length < count) return;
      t.dom = performance.now();
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => { t.painted = performance.now(); }, 0));
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { childList: true, subtree: true, attributes: true });
  }, { selector, count });
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__coldLoad && window.__coldLoad.painted !== null, null, { timeout, polling: 50 });
  const result = await page.evaluate(async () => {
    const nav = performance.getEntriesByType('navigation')[0];
    // The paint entry can be recorded a moment after the frame counted as painted: wait for it briefly.
    const fcp = await new Promise((resolve) => {
      const seen = performance.getEntriesByName('first-contentful-paint')[0];
      if (seen) return resolve(seen);
      const o = new PerformanceObserver((list) => {
        const e = list.getEntriesByName('first-contentful-paint')[0];
        if (e) { o.disconnect(); resolve(e); }
      });
      o.observe({ type: 'paint', buffered: true });
      setTimeout(() => { o.disconnect(); resolve(null); }, 1000);
    });
    const files = performance.getEntriesByType('resource').filter((r) => r.responseEnd > 0 && r.startTime < window.__coldLoad.dom);
    return {
      dom: window.__coldLoad.dom,
      painted: window.__coldLoad.painted,
      started: window.__coldLoad.started ?? NaN,
      fetched: Math.max(nav ? nav.responseEnd : 0, ...files.map((r) => r.responseEnd)),
      fcp: fcp ? fcp.startTime : NaN,
      dcl: nav ? nav.domContentLoadedEventEnd : NaN,
      load: nav ? nav.loadEventEnd : NaN,
    };
  });
  if (keep) return { ...result, context, page };
  await context.close();
  return result;
}

/**
 * Loads `url` once in a fresh context, waits for the network to go quiet, and lists what the page loaded
 * successfully: for each file, its kind, its size on disk under `root`, gzip -9 of it, and the bytes that
 * came over the wire (as served, e.g. brotli) with the Content-Encoding.
 */
export async function transfer(browser, url, root, { selector, count = 1 }) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const responses = [];
  page.on('response', (r) => responses.push(r));
  await page.goto(url);
  await page.waitForFunction(({ selector, count }) => document.querySelectorAll(selector).length >= count,
    { selector, count }, { polling: 50 });
  await page.waitForLoadState('networkidle');
  const base = new URL(url);
  const files = [];
  for (const r of responses) {
    if (r.status() < 200 || r.status() >= 300) continue;
    const u = new URL(r.url());
    if (u.origin !== base.origin) continue;
    let rel = decodeURIComponent(u.pathname.slice(base.pathname.length));
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = path.join(root, rel);
    if (!fs.existsSync(file)) continue;
    const body = fs.readFileSync(file);
    const ext = path.extname(rel).slice(1);
    const kind = { mjs: 'js', svg: 'icon', ico: 'icon', png: 'icon' }[ext] || ext;
    const sizes = await r.request().sizes();
    files.push({
      rel, kind, raw: body.length, gzip: gzip(body).length, wire: sizes.responseBodySize,
      encoding: r.headers()['content-encoding'] || 'identity', type: r.headers()['content-type'],
    });
  }
  const failed = responses.filter((r) => r.status() >= 400).map((r) => `${r.status()} ${new URL(r.url()).pathname}`);
  await context.close();
  return { files, failed };
}

/** Counts animation frames on `page` for `ms`; returns frames per second and the longest gap between frames. */
export function countFrames(page, ms) {
  return page.evaluate(async (ms) => {
    let frames = 0;
    let last = null;
    let worst = 0;
    let running = true;
    const t0 = performance.now();
    const tick = (t) => {
      if (last !== null) worst = Math.max(worst, t - last);
      last = t;
      frames += 1;
      if (running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    await new Promise((r) => setTimeout(r, ms));
    running = false;
    return { fps: frames / ((performance.now() - t0) / 1000), worstFrameMs: worst };
  }, ms);
}
