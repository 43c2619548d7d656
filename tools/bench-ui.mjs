// Step latency in the browser: median time from a step keypress to the painted frame, on the
// "Busy chamber" preset (9 acceptors, 3 leaders, a 1,000-step history), in headless Chromium.
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';

const server = await startServer({ root: 'dist' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
await page.goto(server.url + '/');
await page.getByRole('log', { name: 'Transcript' }).waitFor();
await page.getByLabel('Preset').selectOption({ label: 'Busy chamber' });
await page.getByText('Step 500 of 1000').waitFor();

async function measure(key, n) {
  return page.evaluate(async ({ key, n }) => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const position = () => document.querySelector('.position').textContent;
    const times = [];
    const work = [];
    for (let i = 0; i < n; i += 1) {
      await frame();
      const before = position();
      const t0 = performance.now();
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
      // Yew usually renders on a microtask, but may yield to the browser first: wait for the DOM to
      // change (microtasks, then timers), then force style and layout.
      for (let spins = 0; position() === before; spins += 1) {
        if (spins < 100) await Promise.resolve();
        else await new Promise((r) => setTimeout(r, 0));
        if (spins > 10000) throw new Error('the page did not move');
      }
      void document.body.offsetHeight;
      const tw = performance.now();
      await frame();
      const t1 = performance.now();
      times.push(t1 - t0);
      work.push(tw - t0);
    }
    return { times, work };
  }, { key, n });
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p90: s[Math.floor(s.length * 0.9)], n: s.length };
};
const f = (x) => x.toFixed(1).padStart(6);
for (const [name, key] of [['forward', 'ArrowRight'], ['back', 'ArrowLeft']]) {
  const { times, work } = await measure(key, 60);
  const w = stats(work);
  const t = stats(times);
  console.log(`step ${name.padEnd(7)} keypress to DOM updated and laid out: median ${f(w.median)} ms, p90 ${f(w.p90)} ms (n=${w.n})`);
  console.log(`step ${name.padEnd(7)} keypress to painted frame (includes waiting for vsync): median ${f(t.median)} ms, p90 ${f(t.p90)} ms`);
}
// Autoplay at the highest speed on Dueling leaders: steps per second and frames per second.
await page.getByLabel('Preset').selectOption({ label: 'Dueling leaders' });
await page.getByLabel('Speed').selectOption({ label: 'max' });
const auto = await page.evaluate(async () => {
  const step = () => Number(document.querySelector('.position').textContent.match(/Step (\d+)/)[1]);
  const s0 = step();
  let frames = 0;
  let running = true;
  const count = () => { frames += 1; if (running) requestAnimationFrame(count); };
  requestAnimationFrame(count);
  document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'p', bubbles: true }));
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, 4000));
  const secs = (performance.now() - t0) / 1000;
  running = false;
  document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'p', bubbles: true }));
  return { steps: (step() - s0) / secs, fps: frames / secs };
});
console.log(`autoplay at max speed (one step per 16 ms asked), Dueling leaders: ${auto.steps.toFixed(1)} steps/s, ${auto.fps.toFixed(1)} frames/s`);
await browser.close();
await server.close();
