// RaftScope (the anchor: /work/shared/anchors/raftscope, or $RAFTSCOPE) in headless Chromium, measured the way
// tools/bench-ui.mjs measures Lunch Parliament: cold load until its five servers are drawn, and frames per
// second while it runs (it runs Raft on 5 servers from the first frame and redraws its SVG every frame).
// It is served by tools/serve.mjs from a copy precompressed by tools/compress.mjs, so both go over the wire the
// same way. Used by tools/bench.mjs (`make bench`); `node tools/bench-raftscope.mjs` prints it alone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compressDir } from './compress.mjs';
import { coldLoad, countFrames, launch, median } from './bench-lib.mjs';

export const RAFTSCOPE = process.env.RAFTSCOPE || '/work/shared/anchors/raftscope';

/** Its servers are drawn: five server circles, coloured by term (render.servers sets their fill). */
export const DRAWN = { selector: '#servers circle.background[style]', count: 5 };

function copyTree(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const a = path.join(from, entry.name);
    const b = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(a, b);
    else if (entry.isFile()) fs.writeFileSync(b, fs.readFileSync(a));
  }
}

/**
 * A writable copy of RaftScope with .gz/.br beside each file; throws when the anchor is missing or its
 * libraries (git submodules: jquery, bootstrap, bootstrap-slider, bootstrap-contextmenu) are empty.
 */
export function prepare(root = RAFTSCOPE) {
  if (!fs.existsSync(path.join(root, 'index.html'))) throw new Error(`RaftScope is not at ${root} (set RAFTSCOPE)`);
  const html = fs.readFileSync(path.join(root, 'index.html'), 'utf8');
  const missing = [...html.matchAll(/(?:src|href)="([^"#:]+)"/g)].map((m) => m[1])
    .filter((rel) => !fs.existsSync(path.join(root, rel)));
  if (missing.length) throw new Error(`RaftScope at ${root} lacks ${missing.join(', ')} (its submodules are not checked out)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raftscope-'));
  copyTree(root, dir);
  compressDir(dir);
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** RaftScope running on its own, from a fresh load: frames per second over `ms` after a second. */
export async function runningFps(browser, url, ms = 4000) {
  const { context, page } = await coldLoad(browser, url, { ...DRAWN, keep: true });
  try {
    await page.waitForTimeout(1000);
    const paused = await page.evaluate(() => window.playback && window.playback.isPaused());
    if (paused) throw new Error('RaftScope is paused');
    const t0 = await page.evaluate(() => window.state.current.time);
    const frames = await countFrames(page, ms);
    const advanced = (await page.evaluate(() => window.state.current.time)) - t0;
    if (!(advanced > 0)) throw new Error('RaftScope did not run');
    return frames;
  } finally {
    await context.close();
  }
}

/**
 * RaftScope's time slider, as its 'slide' handler does it (state.seek, then render.update), timed like
 * bench-ui's timeActions: after `runMs` of running, paused, `n` jumps from 0 to the end of its recorded
 * history and `n` back, each dispatched at a frame start; work = until laid out, painted = that frame rendered.
 */
export async function timelineJumps(browser, url, { n = 10, runMs = 5000 } = {}) {
  const { context, page } = await coldLoad(browser, url, { ...DRAWN, keep: true });
  try {
    await page.waitForTimeout(runMs);
    return await page.evaluate(async (n) => {
      window.playback.pause();
      const end = window.state.getMaxTime();
      const frame = () => new Promise((r) => requestAnimationFrame(r));
      const task = () => new Promise((r) => setTimeout(r, 0));
      const jump = (to) => new Promise((resolve) => {
        requestAnimationFrame(async () => {
          const t0 = performance.now();
          window.state.seek(to);
          window.render.update();
          void document.body.offsetHeight;
          const tw = performance.now();
          await task();
          resolve({ work: tw - t0, painted: performance.now() - t0, time: window.state.current.time });
        });
      });
      await jump(0);
      const out = [];
      for (let i = 0; i < 2 * n; i += 1) {
        await frame();
        await task();
        out.push(await jump(i % 2 ? 0 : end));
      }
      return { end, jumps: out };
    }, n);
  } finally {
    await context.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { startServer } = await import('./serve.mjs');
  const copy = prepare();
  const server = await startServer({ root: copy.dir });
  const browser = await launch();
  try {
    const loads = [];
    for (let i = 0; i < 5; i += 1) loads.push(await coldLoad(browser, server.url + '/', DRAWN));
    console.log(`RaftScope cold load to drawn servers: median ${median(loads.map((l) => l.painted)).toFixed(1)} ms (n=5)`);
    const fps = await runningFps(browser, server.url + '/');
    console.log(`RaftScope running: ${fps.fps.toFixed(1)} frames/s, longest frame ${fps.worstFrameMs.toFixed(0)} ms`);
    const { end, jumps } = await timelineJumps(browser, server.url + '/');
    console.log(`RaftScope timeline jump 0 ↔ ${(end / 1e6).toFixed(3)} s: laid out median ${median(jumps.map((j) => j.work)).toFixed(1)} ms, painted median ${median(jumps.map((j) => j.painted)).toFixed(1)} ms (n=${jumps.length})`);
  } finally {
    await browser.close();
    await server.close();
    copy.remove();
  }
}
