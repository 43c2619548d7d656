// The Multi-Paxos tab: "3" opens it; "A week of lunches" played by keys ends with both canteens serving
// Pizza, Sushi, Taco, Ramen, Thai in that order (the core's final week); the active leader crashed by a
// click and the other leader takes over; a share link opens the same run at the same step; the safety
// panel names the seven properties; the diagram exports as SVG with one arrow per messenger; axe-core
// finds nothing serious; presenting at 1280×720 every drawn text is 18 px or more and nothing covers a node.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { setup, teardown, open, transcript, OUT, waitCount, waitAttr, node } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await teardown(env); });

const WEEK = ['Pizza', 'Sushi', 'Taco', 'Ramen', 'Thai'];

/** The dishes a canteen served, day by day, as the week grid shows them. */
async function served(page, replica) {
  return page.evaluate((r) => [...document.querySelectorAll(`td.cell[data-replica="${r}"]`)]
    .filter((c) => c.dataset.state === 'served')
    .sort((a, b) => Number(a.dataset.slot) - Number(b.dataset.slot))
    .map((c) => c.dataset.dish), replica);
}

async function openTab(page, preset) {
  await page.keyboard.press('3');
  await page.getByLabel('Multi-Paxos preset').waitFor();
  if (preset) await page.getByLabel('Multi-Paxos preset').selectOption({ label: preset });
}

/** Presses → until the run's end (Step is disabled); returns how many presses. */
async function arrowToEnd(page, limit = 400) {
  const step = page.getByRole('button', { name: 'Step ▶' });
  let n = 0;
  while (n < limit && (await step.isEnabled())) {
    await page.keyboard.press('ArrowRight');
    n += 1;
  }
  return n;
}

test('"3" opens the tab; A week of lunches by keys ends with the core\'s week in both canteens', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  await openTab(page, 'A week of lunches');
  assert.equal(await page.getByRole('button', { name: '3 · Multi-Paxos' }).getAttribute('aria-pressed'), 'true');
  assert.equal(await page.locator('#footer-protocol').textContent(), 'Multi-Paxos');
  const presses = await arrowToEnd(page);
  assert.ok(presses > 50, `${presses} presses`);
  await page.getByText(/Step (\d+) of \1/).waitFor();
  assert.deepEqual(await served(page, 'R1'), WEEK);
  assert.deepEqual(await served(page, 'R2'), WEEK);
  // Every cell of the week names the order and its client.
  assert.equal(await page.locator('td.cell[data-replica="R2"][data-slot="3"] .content').textContent(), 'Taco · C3 #1');
  await waitCount(page.locator('.week-grid thead th.decided'), 5);
  // The costs, from the core's metrics.
  assert.equal(await page.locator('[data-metric="orders_decided"]').textContent(), '5');
  assert.equal(await page.locator('[data-metric="ballots_started"]').textContent(), '1');
  assert.equal(await page.locator('[data-metric="preemptions"]').textContent(), '0');
  // The transcript's lines are classed by who says them.
  const log = transcript(page);
  assert.ok((await log.locator('.line.replica').count()) > 0);
  assert.ok((await log.locator('.line.acceptor').count()) > 0);
  await page.screenshot({ path: path.join(OUT, 'multipaxos-week-1280x720.png') });
  // Back by a key: Friday is no longer served.
  for (let i = 0; i < 6; i += 1) await page.keyboard.press('ArrowLeft');
  assert.deepEqual(await served(page, 'R1'), WEEK.slice(0, 4));
  assert.deepEqual(problems, []);
  await context.close();
});

test('the active leader crashes by a click and the other leader takes over and serves the orders', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  await openTab(page, 'A week of lunches');
  const log = transcript(page);
  // On to C1's order for Monday, proposed to both leaders.
  for (let i = 0; i < 11; i += 1) await page.keyboard.press('ArrowRight');
  await page.locator('#mp-active-leader').getByText('Active: L1 in ballot (1, L1)').waitFor();
  await node(page, 'L1').click();
  await page.getByRole('button', { name: '✖ Crash', exact: true }).click();
  await waitAttr(node(page, 'L1'), 'aria-description', /^Leader L1, crashed/);
  await page.getByRole('status').getByText(/History after step \d+ replaced — Undo/).waitFor();
  await page.locator('#mp-active-leader').getByText('No active leader').waitFor();
  // A refused action says why: a crashed leader cannot start a ballot.
  await node(page, 'L2').click();
  await page.getByRole('button', { name: /^Start ballot \(\d+, L2\)$/ }).click();
  await page.locator('[data-node="L2"] .satellite.scout').first().waitFor();
  assert.match(await page.locator('[data-node="L2"] .satellite.scout').getAttribute('data-satellite'), /^scout \(\d+, L2\) waits for A1, A2, A3$/);
  await arrowToEnd(page);
  await page.locator('#mp-active-leader').getByText(/Active: L2 in ballot \(\d+, L2\)/).waitFor();
  // More orders, typed into a client's form; an empty dish is refused with a sentence.
  await node(page, 'C2').click();
  await page.getByLabel('Dish to order').fill('');
  await page.locator('#order-refusal').getByText('Cannot order now: an order needs a dish.').waitFor();
  await page.getByRole('button', { name: 'Order as C2' }).click();
  await page.locator('#mp-error').getByText('an order needs a dish').waitFor();
  await page.getByLabel('Dish to order').fill('Sushi');
  await page.getByRole('button', { name: 'Order as C2' }).click();
  await page.keyboard.press('Escape');
  await arrowToEnd(page);
  await node(page, 'C3').click();
  await page.getByLabel('Dish to order').fill('Taco');
  await page.getByLabel('Dish to order').press('Enter');
  await page.keyboard.press('Escape');
  await arrowToEnd(page);
  assert.deepEqual(await served(page, 'R1'), ['Pizza', 'Sushi', 'Taco']);
  assert.deepEqual(await served(page, 'R2'), ['Pizza', 'Sushi', 'Taco']);
  await log.getByText('Canteen 2 serves Wednesday: Taco (C3 #1).').waitFor();
  // L1 comes back; leaders switched to acting by themselves, then backoff off.
  await node(page, 'L1').click();
  await page.getByRole('button', { name: '↺ Recover', exact: true }).click();
  await waitAttr(node(page, 'L1'), 'aria-description', /^Leader L1: passive/);
  await page.getByRole('button', { name: 'Leaders act by themselves' }).click();
  await page.locator('#mp-active-leader').getByText('leaders act by themselves, with backoff').waitFor();
  await page.getByRole('button', { name: 'Backoff off' }).click();
  await page.locator('#mp-active-leader').getByText('leaders act by themselves, no backoff').waitFor();
  await page.keyboard.press('Escape');
  // Every property still holds.
  await waitCount(page.locator('.safety .check.broken'), 0);
  await waitCount(page.locator('.safety .check.holds'), 7);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a share link opens the same run at the same step; the safety panel names the seven properties', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openTab(page, 'Leader crash mid-week');
  for (let i = 0; i < 37; i += 1) await page.keyboard.press('ArrowRight');
  await page.getByText(/^Step 37 of \d+$/).waitFor();
  const names = await page.locator('.safety .check').evaluateAll((els) => els.map((e) => e.dataset.invariant));
  assert.deepEqual(names, [
    'one_order_per_slot', 'same_served_prefix', 'served_were_ordered', 'served_once',
    'acceptor_ballots_grow', 'one_accept_per_ballot_slot', 'window_respected',
  ]);
  await waitCount(page.locator('.safety .check.holds'), 7);
  const hash = await page.locator('#trace-hash').textContent();
  const week = await page.locator('.week-grid').innerText();
  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.getByText('Link copied: it opens exactly this run at this step.').waitFor();
  const url = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(url, /#scenario=/);
  const other = await context.newPage();
  await other.goto(url);
  await other.getByLabel('Multi-Paxos preset').waitFor();
  assert.equal(await other.getByRole('button', { name: '3 · Multi-Paxos' }).getAttribute('aria-pressed'), 'true');
  await other.getByText(/^Step 37 of \d+$/).waitFor();
  assert.equal(await other.locator('.week-grid').innerText(), week);
  assert.equal(await other.locator('#trace-hash').textContent(), hash);
  // A reload brings back the saved work with the Multi-Paxos tab in front, at the same step.
  await other.reload();
  await other.getByLabel('Multi-Paxos preset').waitFor();
  await other.getByText(/^Step 37 of \d+$/).waitFor();
  // Export, then import into a fresh page showing the Synod tab: it opens on the Multi-Paxos tab.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export', exact: true }).click(),
  ]);
  const file = path.join(OUT, 'multipaxos-leader-crash.json');
  await download.saveAs(file);
  assert.match(fs.readFileSync(file, 'utf8'), /"protocol": ?"multipaxos"/);
  const fresh = await env.browser.newContext({ viewport: { width: 1280, height: 720 } });
  const third = await fresh.newPage();
  await third.goto(env.server.url + '/');
  await third.getByRole('log', { name: 'Transcript' }).waitFor();
  await third.locator('#import-file').setInputFiles(file);
  await third.getByLabel('Multi-Paxos preset').waitFor();
  await third.getByText(/^Step 37 of \d+$/).waitFor();
  assert.equal(await third.locator('#trace-hash').textContent(), hash);
  assert.equal(await third.locator('#footer-protocol').textContent(), 'Multi-Paxos');
  await fresh.close();
  assert.deepEqual(problems, []);
  await context.close();
});

test('the diagram exports as SVG that parses, one arrow per messenger sent; V switches views', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  await openTab(page, 'A week of lunches');
  for (let i = 0; i < 30; i += 1) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('v');
  await page.locator('.spacetime-wrap svg').waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export SVG' }).click(),
  ]);
  const file = path.join(OUT, 'multipaxos-diagram.svg');
  await download.saveAs(file);
  const text = fs.readFileSync(file, 'utf8');
  const sent = Number(await page.locator('[data-metric="messages_sent"]').textContent());
  const result = await page.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: doc.documentElement.nodeName,
      arrows: doc.querySelectorAll('g.arrow').length,
      title: doc.querySelector('title')?.textContent,
    };
  }, text);
  assert.equal(result.error, null);
  assert.equal(result.root, 'svg');
  assert.equal(result.title, 'Lunch Parliament: Multi-Paxos space-time diagram');
  // Every messenger sent up to step 30 is an arrow: those delivered, lost, and still on the way.
  assert.ok(sent > 20, `${sent} sent`);
  assert.equal(result.arrows, sent);
  assert.equal(await page.locator('.spacetime-wrap g.arrow').count(), sent);
  await page.keyboard.press('v');
  await page.locator('.mp-svg').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('axe-core on the tab; presenting at 1280×720 every drawn text is 18 px or more and nothing covers a node', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 720 }, bypassCSP: true, reducedMotion: 'reduce' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(env.server.url + '/');
  await page.getByRole('log', { name: 'Transcript' }).waitFor();
  await openTab(page, 'Leader crash mid-week');
  for (let i = 0; i < 30; i += 1) await page.keyboard.press('ArrowRight');
  const axeSource = fs.readFileSync(process.env.AXE_CORE || createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const serious = async (where) => {
    await page.evaluate(axeSource);
    const vs = await page.evaluate(async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, first: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })));
    return vs.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${where}: ${v.impact} ${v.id}: ${v.help} ${v.first.join(', ')}`);
  };
  const found = [...(await serious('chamber'))];
  await node(page, 'C1').click();
  found.push(...(await serious('client selected')));
  await page.keyboard.press('Escape');
  await page.keyboard.press('v');
  found.push(...(await serious('diagram')));
  await page.keyboard.press('v');
  assert.deepEqual(found, []);
  await page.screenshot({ path: path.join(OUT, 'multipaxos-1280x720.png') });
  // Presenting.
  await page.keyboard.press('f');
  await page.locator('.page.presenting').waitFor();
  await page.waitForTimeout(300);
  const measured = await page.evaluate(() => {
    const small = [];
    let count = 0;
    for (const el of document.querySelectorAll('.mp-tab text, .mp-tab .week-grid *, .mp-tab .side *')) {
      if (!el.childNodes.length || ![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
      const r = el.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1) continue;
      let hidden = false;
      for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
        const cs = getComputedStyle(e);
        if (cs.display === 'none' || cs.visibility === 'hidden') hidden = true;
      }
      if (hidden) continue;
      let px = parseFloat(getComputedStyle(el).fontSize);
      if (el instanceof SVGElement) {
        const m = el.getScreenCTM();
        if (m) px *= Math.hypot(m.a, m.b);
      }
      count += 1;
      if (px < 17.5) small.push(`${el.textContent.trim().slice(0, 30)}: ${px.toFixed(1)}px`);
    }
    const box = (el) => el.getBoundingClientRect();
    const meets = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const covered = [];
    const nodes = [...document.querySelectorAll('.mp-svg [data-node]')];
    const covers = ['.controls', '.side', '.week', '.page-tools', '.masthead']
      .flatMap((s) => [...document.querySelectorAll(s)])
      .filter((e) => box(e).width > 0 && getComputedStyle(e).display !== 'none');
    for (const n of nodes) {
      const r = box(n.querySelector('.box'));
      if (r.bottom > innerHeight + 0.5 || r.top < -0.5) covered.push(`${n.dataset.node} off the screen`);
      for (const c of covers) if (meets(r, box(c))) covered.push(`${c.className} covers ${n.dataset.node}`);
      for (const s of document.querySelectorAll('.mp-svg .satellite rect')) {
        if (meets(r, box(s)) && !n.contains(s)) covered.push(`a satellite covers ${n.dataset.node}`);
      }
    }
    return { small, count, covered, scrolls: document.documentElement.scrollHeight > innerHeight + 1 };
  });
  assert.ok(measured.count > 40, `${measured.count} texts`);
  assert.deepEqual(measured.small, [], 'text below 18 px while presenting');
  assert.deepEqual(measured.covered, []);
  assert.equal(measured.scrolls, false, 'the page does not scroll while presenting');
  await page.screenshot({ path: path.join(OUT, 'multipaxos-presenting-1280x720.png') });
  // 1920×1080, not presenting.
  await page.keyboard.press('f');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.waitForTimeout(200);
  await page.screenshot({ path: path.join(OUT, 'multipaxos-1920x1080.png') });
  // A phone: the chamber scrolls sideways in its own box, never the page.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(200);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth + 1), 'the page does not scroll sideways on a phone');
  await page.screenshot({ path: path.join(OUT, 'multipaxos-phone.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});
