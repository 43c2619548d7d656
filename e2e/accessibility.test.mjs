// Accessible for real: axe-core (npm, pinned in package-lock.json) on every tour's first and last step,
// both tabs, presenting and not. No serious or critical violation anywhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { setup, teardown } from './helpers.mjs';

let env;
let axeSource;
before(async () => {
  env = await setup();
  // AXE_CORE may point at another copy of axe.min.js (for a checkout whose node_modules lacks it).
  const file = process.env.AXE_CORE || createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  axeSource = fs.readFileSync(file, 'utf8');
});
after(async () => { await teardown(env); });

/** Runs axe on the page as it is; returns the serious and critical violations, one line each. */
async function serious(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.length,
      first: v.nodes.slice(0, 3).map((n) => n.target.join(' ') + (n.failureSummary ? ` — ${n.failureSummary.split('\n').slice(1, 2).join(' ')}` : '')),
    }));
  });
  return result;
}

const format = (vs) => vs.map((v) => `${v.impact} ${v.id} (${v.nodes}): ${v.help}\n    ${v.first.join('\n    ')}`).join('\n');

async function tourLength(page) {
  const pos = await page.locator('#tour-pos').textContent();
  return Number(/of (\d+)$/.exec(pos)[1]);
}

test('axe-core: every tour’s first and last step, presenting and not — no serious or critical violation', async () => {
  // The CSP forbids injected scripts: this context bypasses it (only for running axe).
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 720 }, bypassCSP: true, reducedMotion: 'reduce' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const found = [];
  const minor = new Map();
  let runs = 0;
  for (let tour = 1; tour <= 7; tour += 1) {
    await page.goto(`${env.server.url}/#tour=${tour}/1`);
    await page.locator('#tour-pos').getByText(/^1 of \d+$/).waitFor();
    const len = await tourLength(page);
    for (const step of [1, len]) {
      if (step !== 1) {
        await page.goto(`${env.server.url}/#tour=${tour}/${len}`);
        await page.reload();
        await page.locator('#tour-pos').getByText(`${len} of ${len}`).waitFor();
      }
      for (const presenting of [false, true]) {
        const cls = () => page.locator('.page').getAttribute('class');
        if (presenting !== /\bpresenting\b/.test(await cls())) await page.keyboard.press('f');
        for (let i = 0; i < 100 && presenting !== /\bpresenting\b/.test(await cls()); i += 1) await page.waitForTimeout(30);
        await page.waitForTimeout(50);
        const vs = await serious(page);
        runs += 1;
        const where = `tour ${tour} step ${step}${presenting ? ', presenting' : ''}`;
        for (const v of vs) {
          if (v.impact === 'serious' || v.impact === 'critical') found.push(`${where}: ${format([v])}`);
          else minor.set(v.id, `${v.impact} ${v.id}: ${v.help} (e.g. ${where})`);
        }
      }
      // Leave presenting before the next step's first run.
      if (/\bpresenting\b/.test(await page.locator('.page').getAttribute('class'))) await page.keyboard.press('f');
    }
  }
  // And both tabs outside a tour, with the views a student opens.
  await page.goto(`${env.server.url}/`);
  await page.getByRole('log', { name: 'Transcript' }).waitFor();
  for (const view of ['Space-time diagram', 'Safety', 'Liveness', 'Chamber']) {
    await page.getByRole('button', { name: view, exact: true }).click();
    await page.waitForTimeout(50);
    found.push(...(await serious(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `Synod, ${view}: ${format([v])}`));
    runs += 1;
  }
  await page.locator('[data-node="L1"]').click();
  found.push(...(await serious(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `Synod, leader selected: ${format([v])}`));
  await page.keyboard.press('2');
  await page.getByLabel('CORFU preset').waitFor();
  await page.locator('[data-node="C1"]').click();
  found.push(...(await serious(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `CORFU, client selected: ${format([v])}`));
  runs += 2;
  console.log(`# axe-core ${await page.evaluate(() => axe.version)}: ${runs} runs, ${found.length} serious or critical; minor: ${[...minor.values()].join('; ') || 'none'}`);
  assert.deepEqual(found, []);
  assert.deepEqual(problems, []);
  await context.close();
});
