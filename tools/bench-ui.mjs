// Lunch Parliament in headless Chromium: cold load to a drawn chamber, step latency and timeline jumps on the
// "Busy chamber" preset (9 acceptors, 3 leaders, a 1,000-step history), and frames per second while
// autoplaying "Dueling leaders" at the highest speed. Used by tools/bench.mjs (`make bench`), which sets these
// against RaftScope; `node tools/bench-ui.mjs [DIST]` prints ours alone.
import { fileURLToPath } from 'node:url';
import { coldLoad, countFrames, launch, median, quantile, VIEWPORT } from './bench-lib.mjs';

/** The chamber is drawn: its SVG holds the nodes (every preset has at least 3 acceptors). */
export const DRAWN = { selector: '.chamber-svg [data-node]', count: 3 };

export async function openApp(browser, url) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('log', { name: 'Transcript' }).waitFor();
  return { context, page };
}

export async function choosePreset(page, label) {
  await page.getByLabel('Preset').selectOption({ label });
}

/**
 * Times each action on the page. An action is dispatched at the start of an animation frame (inside a
 * requestAnimationFrame callback, as Chromium aligns input to frames), so no wait for vsync is counted:
 *   work    — until the DOM shows the new step (the ".position" text changed) and style and layout are done;
 *   painted — until the frame that shows it has been rendered (a task queued after that frame's rendering).
 * Actions: { key: 'ArrowRight' } (a keydown on the body, as a clicker sends) or { seek: 1000 } (the timeline
 * slider moved there, one input event).
 */
export function timeActions(page, actions) {
  return page.evaluate(async (actions) => {
    const position = () => document.querySelector('.position').textContent;
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    const task = () => new Promise((r) => setTimeout(r, 0));
    const out = [];
    for (const action of actions) {
      await frame();
      await task();
      out.push(await new Promise((resolve, reject) => {
        requestAnimationFrame(async () => {
          try {
            const before = position();
            const t0 = performance.now();
            if (action.key) {
              document.body.dispatchEvent(new KeyboardEvent('keydown', { key: action.key, bubbles: true }));
            } else {
              const slider = document.querySelector('input.scrubber');
              slider.value = String(action.seek);
              slider.dispatchEvent(new InputEvent('input', { bubbles: true }));
            }
            // Yew renders on a microtask, but may yield to the browser (a timer) after 16 ms of work.
            let sameTask = true;
            for (let spins = 0; position() === before; spins += 1) {
              if (spins < 100) await Promise.resolve();
              else { sameTask = false; await task(); }
              if (spins > 10000) throw new Error(`the page did not move (${before})`);
            }
            void document.body.offsetHeight;
            const tw = performance.now();
            if (!sameTask) await frame();
            await task();
            const tp = performance.now();
            resolve({ work: tw - t0, painted: tp - t0, position: position() });
          } catch (e) {
            reject(e);
          }
        });
      }));
    }
    return out;
  }, actions);
}

/** Busy chamber: `n` steps forward then `n` back, each timed (see timeActions). */
export async function stepLatency(page, n = 60) {
  await choosePreset(page, 'Busy chamber');
  await page.getByText('Step 500 of 1000').waitFor();
  const forward = await timeActions(page, Array.from({ length: n }, () => ({ key: 'ArrowRight' })));
  const back = await timeActions(page, Array.from({ length: n }, () => ({ key: 'ArrowLeft' })));
  return { forward, back };
}

/** Busy chamber: jumps across the whole 1,000-step history with the timeline, 0 → 1000 and back, `n` each. */
export async function timelineJumps(page, n = 10) {
  await choosePreset(page, 'Busy chamber');
  await page.getByText('Step 500 of 1000').waitFor();
  await timeActions(page, [{ seek: 0 }]);
  const jumps = await timeActions(page, Array.from({ length: 2 * n }, (_, i) => ({ seek: i % 2 ? 0 : 1000 })));
  for (const [i, j] of jumps.entries()) {
    const want = `Step ${i % 2 ? 0 : 1000} of 1000`;
    if (j.position !== want) throw new Error(`timeline jump ${i} landed on "${j.position}", not "${want}"`);
  }
  return jumps;
}

/** Dueling leaders, speed max, playing: frames and steps per second over `ms` after a second of warm-up. */
export async function autoplayFps(page, ms = 4000) {
  await choosePreset(page, 'Dueling leaders');
  await page.getByLabel('Speed').selectOption({ label: 'max' });
  const step = () => page.evaluate(() => Number(document.querySelector('.position').textContent.match(/Step (\d+)/)[1]));
  await page.keyboard.press('p');
  await page.waitForTimeout(1000);
  const s0 = await step();
  const t0 = Date.now();
  const frames = await countFrames(page, ms);
  const steps = ((await step()) - s0) / ((Date.now() - t0) / 1000);
  await page.keyboard.press('p');
  if (steps <= 0) throw new Error('autoplay did not move');
  return { ...frames, steps };
}

export const summarize = (xs) => ({ median: median(xs), p90: quantile(xs, 0.9), n: xs.length });

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { startServer } = await import('./serve.mjs');
  const server = await startServer({ root: process.argv[2] || 'dist' });
  const browser = await launch();
  const f = (x) => x.toFixed(1).padStart(6);
  try {
    const loads = [];
    for (let i = 0; i < 5; i += 1) loads.push(await coldLoad(browser, server.url + '/', DRAWN));
    console.log(`cold load to a drawn chamber: median ${f(median(loads.map((l) => l.painted)))} ms (first contentful paint ${f(median(loads.map((l) => l.fcp)))} ms, n=5)`);
    const { context, page } = await openApp(browser, server.url + '/');
    const { forward, back } = await stepLatency(page);
    for (const [name, xs] of [['forward', forward], ['back', back]]) {
      const w = summarize(xs.map((x) => x.work));
      const p = summarize(xs.map((x) => x.painted));
      console.log(`step ${name.padEnd(7)} keypress to DOM updated and laid out: median ${f(w.median)} ms, p90 ${f(w.p90)} ms; to painted: median ${f(p.median)} ms, p90 ${f(p.p90)} ms (n=${w.n})`);
    }
    const jumps = await timelineJumps(page);
    const jw = summarize(jumps.map((x) => x.work));
    const jp = summarize(jumps.map((x) => x.painted));
    console.log(`timeline jump 0 ↔ 1000: DOM updated and laid out median ${f(jw.median)} ms, p90 ${f(jw.p90)} ms; painted median ${f(jp.median)} ms, p90 ${f(jp.p90)} ms (n=${jw.n})`);
    const auto = await autoplayFps(page);
    console.log(`autoplay at max speed (one step per 16 ms asked), Dueling leaders: ${auto.steps.toFixed(1)} steps/s, ${auto.fps.toFixed(1)} frames/s, longest frame ${auto.worstFrameMs.toFixed(0)} ms`);
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
}
