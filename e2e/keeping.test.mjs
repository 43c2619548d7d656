// Nothing lost, nothing silent: a replaced future comes back with Undo, autosave survives an immediate
// reload, autoplay stops when nothing teachable remains, the round chart keeps the duel readable, and a
// first visit points to tour 1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { setup, teardown, open, transcript, OUT, waitCount, waitText } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await teardown(env); });

const STORAGE = 'lunch-parliament/workspace/v1';
const position = (page) => page.locator('.position').first();
const hash = (page) => page.locator('#trace-hash').textContent();
const lineTexts = (page, step) => transcript(page).locator(`li[data-step="${step}"] .words`).allTextContents();

async function press(page, key, times) {
  for (let i = 0; i < times; i += 1) await page.keyboard.press(key);
}

test('acting in the past keeps the replaced future: Undo brings it back; the notice clears on moving on', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  await page.getByLabel('Preset', { exact: true }).selectOption({ label: 'Round 10' });
  await page.getByRole('button', { name: '⟲ Reset' }).click();
  await waitText(position(page), /^Step 0 of \d+$/);
  const total = (await position(page).textContent()).match(/of (\d+)/)[1];
  await press(page, 'ArrowRight', 6);
  await waitText(position(page), new RegExp(`^Step 6 of ${total}$`));
  const want = { lines: await lineTexts(page, 6), hash: await hash(page) };
  assert.ok(want.lines.length > 0, 'step 6 says something');

  await press(page, 'ArrowLeft', 4);
  await waitText(position(page), new RegExp(`^Step 2 of ${total}$`));
  await waitCount(page.locator('#branch-notice'), 0, 'nothing replaced yet');
  // Act in the past: drop a messenger the record delivers later.
  await page.locator('[data-messenger]').first().click();
  await page.getByRole('button', { name: 'Drop', exact: true }).click();
  await waitText(position(page), /^Step 3 of 3$/);
  const notice = page.locator('#branch-notice');
  await waitText(notice, /^History after step 2 replaced — Undo$/);
  assert.match(await transcript(page).locator('li[data-step="3"]').first().textContent(), /was lost/);
  await page.screenshot({ path: path.join(OUT, 'keeping-branch-replaced-1280x720.png') });

  // Undo: the same run, at the step where the futures part.
  await notice.getByRole('button', { name: 'Undo' }).click();
  await waitText(position(page), new RegExp(`^Step 2 of ${total}$`));
  await waitText(notice, /^History after step 2 brought back — Redo$/);
  await press(page, 'ArrowRight', 4);
  await waitText(position(page), new RegExp(`^Step 6 of ${total}$`));
  assert.deepEqual(await lineTexts(page, 6), want.lines);
  assert.equal(await hash(page), want.hash);
  await waitCount(page.locator('#branch-notice'), 0, 'the notice clears once the user steps on');

  // Act in the past again, then move on without undoing: the notice goes, the new future stays.
  await press(page, 'ArrowLeft', 3);
  await page.locator('[data-messenger]').first().click();
  await page.getByRole('button', { name: 'Drop', exact: true }).click();
  await waitText(notice, /^History after step 3 replaced — Undo$/);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Step ▶' }).click();
  await waitCount(page.locator('#branch-notice'), 0, 'a step is moving on');
  await waitText(position(page), /^Step 5 of 5$/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('autosave loses no step across an immediate reload', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  await page.getByLabel('Preset', { exact: true }).selectOption({ label: 'Stale leader' });
  for (let i = 0; i < 100 && (await page.getByLabel('Scenario title').inputValue()) !== 'Stale leader'; i += 1) await page.waitForTimeout(50);
  const opened = (await position(page).textContent()).match(/^Step (\d+) of (\d+)$/);
  const at = (k) => new RegExp(`^Step ${k} of ${opened[2]}$`);
  // What three steps back looks like (runs are deterministic: the same keys give the same run).
  await press(page, 'ArrowLeft', 3);
  await waitText(position(page), at(Number(opened[1]) - 3));
  const want = {
    pos: await position(page).textContent(),
    hash: await hash(page),
    lines: await transcript(page).locator('li .words').allTextContents(),
  };
  // Forward again, and give a delayed autosave time to keep that.
  await press(page, 'ArrowRight', 3);
  await waitText(position(page), at(Number(opened[1])));
  await page.waitForTimeout(600);
  assert.notEqual(await hash(page), want.hash);
  // Back three steps, and reload the moment the screen shows it (no time for a delayed save).
  await press(page, 'ArrowLeft', 3);
  await waitText(position(page), new RegExp(`^${want.pos}$`));
  await page.reload();
  await transcript(page).waitFor();
  await waitText(position(page), new RegExp(`^${want.pos}$`));
  assert.equal(await page.getByLabel('Scenario title').inputValue(), 'Stale leader');
  assert.equal(await hash(page), want.hash);
  assert.deepEqual(await transcript(page).locator('li .words').allTextContents(), want.lines);

  // Autoplay's steps are saved together a moment later, and at once when the page is hidden or left.
  await page.getByLabel('Preset', { exact: true }).selectOption({ label: 'Dueling leaders' });
  await page.getByLabel('Speed').selectOption({ label: '½×' });
  await page.getByRole('button', { name: '▶ Play' }).click();
  for (const how of ['visibilitychange', 'pagehide']) {
    const before = await position(page).textContent();
    await waitText(position(page), new RegExp(`^(?!${before}$)`), 5000);
    const shown = Number((await position(page).textContent()).match(/^Step (\d+)/)[1]);
    const saved = await page.evaluate(async ([how, key]) => {
      if (how === 'visibilitychange') {
        Object.defineProperty(document, 'hidden', { value: true, configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
        delete document.hidden;
      } else {
        window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
      }
      await new Promise((r) => setTimeout(r, 0));
      const ws = JSON.parse(localStorage.getItem(key));
      return ws.synod.step ?? ws.synod.actions.length;
    }, [how, STORAGE]);
    assert.equal(saved, shown, `${how} saved the step on screen`);
  }
  await page.getByRole('button', { name: '▮▮ Pause' }).click();
  assert.deepEqual(problems, []);
  await context.close();
});

test('steps by hand are saved together a moment later, not in the step\'s frame; a reload at once keeps them', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  await page.getByLabel('Preset', { exact: true }).selectOption({ label: 'Stale leader' });
  const savedStep = () => page.evaluate((key) => {
    const ws = JSON.parse(localStorage.getItem(key) ?? 'null');
    return ws && ws.synod.title === 'Stale leader' ? (ws.synod.step ?? ws.synod.actions.length) : null;
  }, STORAGE);
  for (let i = 0; i < 100 && (await savedStep()) === null; i += 1) await page.waitForTimeout(50);
  const opened = Number((await position(page).textContent()).match(/^Step (\d+) of/)[1]);
  assert.equal(await savedStep(), opened);
  // Three steps back in one task: the page shows each, localStorage is not written in their frames.
  const [shown, savedThen] = await page.evaluate(async (key) => {
    const writes = [];
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) { if (k === key) writes.push(v); return setItem.call(this, k, v); };
    for (let i = 0; i < 3; i += 1) {
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    }
    Storage.prototype.setItem = setItem;
    return [document.querySelector('.position').textContent, writes.length];
  }, STORAGE);
  assert.match(shown, new RegExp(`^Step ${opened - 3} of`));
  assert.equal(savedThen, 0, 'no save in the steps\' own frames');
  // A moment later, one save holds them.
  for (let i = 0; i < 40 && (await savedStep()) !== opened - 3; i += 1) await page.waitForTimeout(50);
  assert.equal(await savedStep(), opened - 3, 'saved within two seconds');
  // Two more steps and a reload straight away: the page saves them as it goes (pagehide).
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await waitText(position(page), new RegExp(`^Step ${opened - 5} of`));
  await page.reload();
  await transcript(page).waitFor();
  await waitText(position(page), new RegExp(`^Step ${opened - 5} of`));
  assert.deepEqual(problems, []);
  await context.close();
});

test('autoplay stops by itself once everyone decided and only heartbeats are left; the chart keeps the duel', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  await page.getByLabel('Preset', { exact: true }).selectOption({ label: 'Dueling leaders' });
  await page.getByLabel('Speed').selectOption({ label: 'max' });
  await page.getByRole('button', { name: '▶ Play' }).click();
  await page.waitForFunction(() => Number(document.querySelector('.banner.dueling .count')?.textContent) > 10, null, { timeout: 30000 });
  // Leader selection: heartbeats go on for ever, so only the settled rule can stop autoplay.
  await page.getByRole('checkbox', { name: 'Leader selection' }).check();
  await page.getByRole('button', { name: '▶ Play' }).waitFor({ timeout: 30000 });
  await page.getByRole('status').getByText('Autoplay stopped: every node that is up has decided, and only heartbeats are left.').waitFor();
  const stopped = await position(page).textContent();
  await page.waitForTimeout(500);
  assert.equal(await position(page).textContent(), stopped, 'no more steps');
  // The decision is in the transcript, in view.
  const log = transcript(page);
  const decision = log.getByText(/^Leader \d: I see we have agreed on (Thai|Taco) in round \d+\.$/).last();
  await decision.waitFor();
  const [box, line] = [await log.boundingBox(), await decision.boundingBox()];
  assert.ok(line.y >= box.y - 1 && line.y + line.height <= box.y + box.height + 1, `decision line in view: ${JSON.stringify({ box, line })}`);
  await page.screenshot({ path: path.join(OUT, 'keeping-autoplay-stopped-1280x720.png') });

  // Play again: nothing left to play, said so; Step still goes on.
  await page.getByRole('button', { name: '▶ Play' }).click();
  await page.getByRole('status').getByText(/^Nothing left to play: every node that is up has decided/).waitFor();
  assert.equal(await position(page).textContent(), stopped);

  // The round chart: the decision is marked, labels are readable, and heartbeats running on do not
  // squash the duel to the left.
  const chart = page.locator('svg.round-chart');
  await chart.locator('.decision-label').waitFor();
  const rightmost = () => chart.evaluate((svg) => Math.max(...[...svg.querySelectorAll('circle')].map((c) => Number(c.getAttribute('cx')))));
  const sizes = await chart.evaluate((svg) => [...svg.querySelectorAll('text')].map((t) => t.getBoundingClientRect().height));
  const fonts = await chart.evaluate((svg) => [...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width));
  assert.ok(Math.min(...fonts) >= 12, `chart text ≥ 12 px: ${fonts}`);
  assert.ok(sizes.every((h) => h > 0));
  const before = await rightmost();
  assert.ok(before > 220, `the duel fills the chart: rightmost round start at x=${before} of 364`);
  await press(page, 'ArrowRight', 60);
  await waitText(position(page), new RegExp(`^Step ${Number(stopped.match(/^Step (\d+)/)[1]) + 60} of`));
  assert.equal(await rightmost(), before, 'time running on does not squash the duel');
  await chart.getByText(/^time 0 – \d+ \(now \d+\)$/).waitFor();
  await chart.screenshot({ path: path.join(OUT, 'keeping-chart-after-fix.png') });
  await waitCount(page.getByText(/^Nothing left to play/), 0, 'the note does not outlive the step');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a first visit points to tour 1; not for returning users; it can be dismissed', async () => {
  const first = await open(env.browser, env.server.url + '/');
  const pointer = first.page.locator('#first-visit');
  await waitText(pointer, /^New here\? Start the guided tour: What consensus is →/);
  await first.page.screenshot({ path: path.join(OUT, 'keeping-first-visit-1280x720.png') });
  await pointer.getByRole('button', { name: 'Start the guided tour: What consensus is →' }).click();
  await waitText(first.page.locator('.tour-bar h2'), /^Tour 1 · What consensus is$/);
  await waitText(first.page.locator('#tour-pos'), /^1 of \d+$/);
  await waitCount(first.page.locator('#first-visit'), 0, 'gone once the tour opens');
  assert.match(first.page.url(), /#tour=1\/1$/);
  assert.deepEqual(first.problems, []);
  await first.context.close();

  // Work of one's own, saved: a reload is a return, with no pointer.
  const back = await open(env.browser, env.server.url + '/');
  await back.page.locator('#first-visit').waitFor();
  await back.page.keyboard.press('ArrowRight');
  await waitCount(back.page.locator('#first-visit'), 0, 'gone once there is saved work');
  assert.notEqual(await back.page.evaluate((k) => localStorage.getItem(k), STORAGE), null);
  await back.page.reload();
  await transcript(back.page).waitFor();
  await back.page.waitForTimeout(300);
  await waitCount(back.page.locator('#first-visit'), 0, 'a returning user');
  assert.deepEqual(back.problems, []);
  await back.context.close();

  // Dismissed, it stays away (even with nothing saved).
  const shy = await open(env.browser, env.server.url + '/');
  await shy.page.getByRole('button', { name: 'Dismiss the pointer to the tour' }).click();
  await waitCount(shy.page.locator('#first-visit'), 0, 'dismissed');
  assert.equal(await shy.page.evaluate((k) => localStorage.getItem(k), STORAGE), null);
  await shy.page.reload();
  await transcript(shy.page).waitFor();
  await shy.page.waitForTimeout(300);
  await waitCount(shy.page.locator('#first-visit'), 0, 'still dismissed after a reload');
  // A link (a tour step) is not a first visit either.
  const linked = await open(env.browser, env.server.url + '/#tour=2/1');
  await linked.page.locator('.tour-bar').waitFor();
  await waitCount(linked.page.locator('#first-visit'), 0, 'opened from a link');
  assert.deepEqual(shy.problems, []);
  assert.deepEqual(linked.problems, []);
  await shy.context.close();
  await linked.context.close();
});
