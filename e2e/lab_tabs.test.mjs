// The break-it lab on the CORFU and Multi-Paxos tabs (the same kit as the Synod's, e2e/lab.test.mjs):
// remove a rule, search every interleaving while the page keeps painting, play the counterexample by keys
// to the step that breaks a property and check the sentence's claim against the run (the log strip, the
// week, the transcript); the correct protocols hold in as many states as the native checker counts
// (tests/checker_corfu.rs, tests/checker_multipaxos.rs); a long search is cancelled; axe-core, presenting
// sizes, screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { setup, teardown, open, transcript, OUT, waitText, waitCount, watchProgress, frames, axeSerious, smallTexts } from './helpers.mjs';

// The native checker's exact figures (tests/checker_corfu.rs, tests/checker_multipaxos.rs).
const CORFU_CORRECT = '19,481';
const CORFU_EAGER_FILL = '32,693';
const MP_CORRECT = '156,468';
const WRITE_ONCE_RULE = 'a storage unit writes each position once (write-once)';
const IN_ORDER_RULE = 'a canteen serves the decided days strictly in order, never a day before the days before it';

let env;
before(async () => { env = await setup(); });
after(async () => { await teardown(env); });

const position = (page) => page.locator('.position');
const lab = (page) => page.locator('.lab');

async function tab(page, key, picker) {
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press(key);
  await page.getByLabel(picker).waitFor();
}
const corfu = (page) => tab(page, '2', 'CORFU preset');
const multipaxos = (page) => tab(page, '3', 'Multi-Paxos preset');

/** Opens the tab's lab (a tab that had it open shows it still). */
async function openLab(page) {
  const button = page.getByRole('button', { name: 'Break it' });
  if ((await button.getAttribute('aria-pressed')) !== 'true') await button.click();
  await lab(page).waitFor();
}

/** A page as the log strip shows it: “pizza” (C1) in the transcript is “pizza” · C1 in the log. */
const inLog = (page) => (page === 'junk' ? 'junk' : page.replace(/ \((C\d+)\)$/, ' · $1'));

/** The transcript's lines as [step, text]. */
async function lines(page) {
  return page.evaluate(() => [...document.querySelectorAll('.transcript li.line')]
    .map((li) => [Number(li.dataset.step), (li.querySelector('.words')?.textContent ?? '').trim()]));
}

/** Searches with the picked rule, watching the progress; returns the broken result's step count and why. */
async function searchBroken(page, rule) {
  await page.getByLabel('Rule to remove').selectOption(rule);
  await watchProgress(page);
  await page.locator('#lab-search').focus();
  await page.keyboard.press('Enter');
  const result = page.locator('.lab-result.broken');
  await result.waitFor({ timeout: 60000 });
  const seen = await page.evaluate(() => window.__labProgress);
  assert.ok(seen.length > 0, 'the progress bar was shown');
  assert.ok(seen.every((s) => /^[\d,]+ states? found, [\d,]+ explored · depth \d+/.test(s.text)), seen.map((s) => s.text).join(' | '));
  assert.ok(seen.some((s) => s.max > 1), 'the progress counted states');
  const steps = Number((await page.locator('#lab-steps').textContent()).match(/^(\d+) steps$/)[1]);
  assert.equal((await result.locator('.verdict').textContent()).trim(), `Broken in ${steps} steps — Play it ▶`);
  // The focus went from Search to what comes next (Cancel while searching, then Play it).
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'lab-play');
  const why = (await result.locator('.why').textContent()).trim();
  console.log(`# ${rule}: Broken in ${steps} steps. ${why} ${await result.locator('.figures').textContent()}`);
  return { steps, why, result };
}

/** Play it by keyboard; the run opens at its start with the focus on Step, the lab closed. */
async function play(page, steps) {
  await page.keyboard.press('Enter');
  await page.locator('#page-notice').getByText(/Opened the counterexample the lab found/).waitFor();
  await waitText(position(page), new RegExp(`^Step 0 of ${steps}$`));
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'step');
  assert.equal(await page.getByRole('button', { name: 'Break it' }).getAttribute('aria-pressed'), 'false');
}

/** Steps by → to `n` (from the start). */
async function arrowTo(page, n, steps) {
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  const at = Number((await position(page).textContent()).match(/^Step (\d+)/)[1]);
  for (let i = at; i < n; i += 1) await page.keyboard.press('ArrowRight');
  await waitText(position(page), new RegExp(`^Step ${n} of ${steps}$`));
}

/** At the breaking step: the marked transcript line, current, and the same sentence above the timeline. */
async function sentenceAt(page, steps) {
  const marked = transcript(page).locator('li.line.breaks');
  await marked.waitFor();
  assert.equal(await marked.getAttribute('data-step'), String(steps));
  assert.match(await marked.getAttribute('class'), /\bcurrent\b/);
  const sentence = (await marked.locator('.words').textContent()).trim();
  assert.equal((await page.locator('#breaks-at').textContent()).trim(), sentence, 'the line above the timeline says it too');
  return sentence;
}

/** The text of the log strip's cell for `position` on `unit`. */
const cell = (page, position, unit) => page.locator(`.log-strip td.cell[data-position="${position}"][data-unit="${unit}"]`);

test('CORFU: remove write-once, Search shows progress and "Broken in 8 steps"; Play it by keys to step 8, where the transcript and the log show the overwrite the sentence names', async () => {
  const { page, context, problems } = await open(env.browser, `${env.server.url}/`);
  await corfu(page);
  await page.getByRole('button', { name: 'Break it' }).focus();
  await page.keyboard.press('Enter');
  await lab(page).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Break it' }).getAttribute('aria-pressed'), 'true');
  // Each variant by the rule it removes; the rule that protects no safety property says so.
  const rules = (await page.locator('#lab-variant option').allTextContents()).map((t) => t.trim());
  assert.deepEqual(rules, [
    'None: correct CORFU',
    'A storage unit writes each position once (write-once)',
    'A reader waits for a writer\'s timeout before it fills a hole with junk (protects no safety property: a slow writer only loses its position)',
  ]);
  const { steps, why: whyFound } = await searchBroken(page, 'overwrite');
  assert.equal(steps, 8, 'the native checker breaks it in 8 steps too');
  assert.match(whyFound, /^Pages are written once breaks: U\d accepted a second write to \d+: /);
  assert.match(await page.locator('.lab-result.broken .figures').textContent(),
    /found among [\d,]+ states .*Scope: 2 units in chains of 2, no spares, 2 writers appending once each, 1 reader reading or filling once, no reconfigurations, positions 0 to 1, crashes off; without the rule that a storage unit writes each position once \(write-once\)\.$/);

  const title = await page.locator('#title').inputValue();
  await play(page, steps);
  assert.equal(await page.locator('#title').inputValue(), 'Lab: overwrite breaks Pages are written once');
  // Undo brings back the run the lab replaced; the lab kept its result, and plays it again.
  await page.locator('#undo').click();
  await page.waitForFunction((t) => document.querySelector('#title')?.value === t, title, { timeout: 5000 });
  await openLab(page);
  await page.locator('#lab-play').click();
  await waitText(position(page), new RegExp(`^Step 0 of ${steps}$`));
  assert.equal(await page.locator('#breaks-at').textContent(), `In this run, step ${steps} breaks Pages are written once: step on (→) to see how.`);
  // The step before: write-once holds, nothing marked.
  await arrowTo(page, steps - 1, steps);
  const writeOnce = page.locator('.safety li.check[data-invariant="write_once"]');
  assert.match(await writeOnce.getAttribute('class'), /\bholds\b/);
  assert.equal(await transcript(page).locator('li.line.breaks').count(), 0);
  const before = await lines(page);

  // The breaking step.
  await page.keyboard.press('ArrowRight');
  await waitText(position(page), new RegExp(`^Step ${steps} of ${steps}$`));
  const sentence = await sentenceAt(page, steps);
  const m = new RegExp(`^Step ${steps} breaks Pages are written once: without the rule that ${WRITE_ONCE_RULE.replace(/[()]/g, '\\$&')}, ((U\\d+) accepted a second write to (\\d+): (.+), then (.+))\\.$`).exec(sentence);
  assert.ok(m, sentence);
  const [, why, unit, pos, first, second] = m;
  assert.equal(`Pages are written once breaks: ${why}.`, whyFound, 'the lab said what the run shows');
  assert.match(await writeOnce.getAttribute('class'), /\bbroken\b/);
  // The claim against the run: before this step the unit wrote the first page there, and the log showed it;
  // at this step the transcript says it overwrote it with the second, and the log shows the second.
  assert.ok(before.some(([, t]) => t === `${unit} writes position ${pos}: ${first}.`), `${unit} wrote ${first} at ${pos} before: ${JSON.stringify(before)}`);
  const now = (await lines(page)).filter(([s]) => s === steps).map(([, t]) => t);
  assert.ok(now.includes(`${unit} overwrites position ${pos}: it held ${first}, now it holds ${second}.`), JSON.stringify(now));
  assert.ok(now.some((t) => t.startsWith('!! Invariant broken — Pages are written once:')), JSON.stringify(now));
  assert.equal((await cell(page, pos, unit).locator('.content').textContent()).trim(), inLog(second), 'the log holds the second page');
  await page.keyboard.press('ArrowLeft');
  await waitText(position(page), new RegExp(`^Step ${steps - 1} of ${steps}$`));
  assert.equal((await cell(page, pos, unit).locator('.content').textContent()).trim(), inLog(first), 'the log held the first page the step before');
  assert.notEqual(inLog(first), inLog(second));
  await page.keyboard.press('ArrowRight');
  await waitText(position(page), new RegExp(`^Step ${steps} of ${steps}$`));
  await page.screenshot({ path: path.join(OUT, 'lab-tabs-corfu-broken-step-1280x720.png') });

  // Shared like any run: the link opens this run at this step on the CORFU tab, with the same sentence.
  await page.locator('#copy-link').click();
  const url = await page.locator('#share-link').inputValue();
  const other = await open(env.browser, url);
  await waitText(other.page.locator('.position'), new RegExp(`^Step ${steps} of ${steps}$`));
  assert.match(await other.page.locator('#footer-protocol').textContent(), /^CORFU/);
  assert.equal((await transcript(other.page).locator('li.line.breaks .words').textContent()).trim(), sentence);
  assert.deepEqual(other.problems, []);
  await other.context.close();

  assert.deepEqual(problems, []);
  await context.close();
});

test(`CORFU: correct in the standard scope says "No way to break it in ${CORFU_CORRECT} states"; without the wait before a fill, too (${CORFU_EAGER_FILL} states), as the picker said`, async () => {
  const { page, context, problems } = await open(env.browser, `${env.server.url}/`);
  await corfu(page);
  await openLab(page);
  assert.equal(await page.locator('#lab-variant').inputValue(), 'correct');
  await page.locator('#lab-search').click();
  const held = page.locator('.lab-result.held');
  await held.waitFor({ timeout: 60000 });
  assert.equal((await held.locator('.verdict').textContent()).trim(), `No way to break it in ${CORFU_CORRECT} states.`);
  const figures = (await held.locator('.figures').textContent()).trim();
  assert.match(figures, /^Every state in the scope, up to \d+ steps from the start, was explored \([\d.]+ s(, [\d,]+ states\/s)?\)\. Scope: 2 units in chains of 2, no spares, 2 writers appending once each, 1 reader reading or filling once, no reconfigurations, positions 0 to 1, crashes off; no rule removed\.$/);
  console.log(`# CORFU correct: ${figures}`);

  await page.getByLabel('Rule to remove').selectOption('eager_fill');
  await waitCount(held, 0, 'another scope clears the result');
  assert.match(await lab(page).locator('.hint').last().textContent(), /costs the writer a position, not safety/);
  await page.locator('#lab-search').click();
  await held.waitFor({ timeout: 60000 });
  assert.equal((await held.locator('.verdict').textContent()).trim(), `No way to break it in ${CORFU_EAGER_FILL} states.`);
  assert.match(await held.locator('.figures').textContent(), /; without the rule that a reader waits for a writer's timeout before it fills a hole with junk\.$/);

  // A reconfiguration is offered with one client only (with two the search has no end).
  assert.equal(await page.locator('#lab-reconfigure').isDisabled(), true);
  await page.locator('#lab-writers').selectOption('1');
  await page.locator('#lab-readers').selectOption('0');
  await page.getByLabel('Rule to remove').selectOption('correct');
  await page.locator('#lab-reconfigure').check();
  await page.locator('#lab-appends').selectOption('2');
  await page.locator('#lab-search').click();
  await held.waitFor({ timeout: 60000 });
  // tests/checker_corfu.rs: a writer appending twice around a reconfiguration with a spare.
  assert.equal((await held.locator('.verdict').textContent()).trim(), 'No way to break it in 1,096 states.');
  assert.match(await held.locator('.figures').textContent(), /Scope: 2 units in chains of 2, 1 spare, 1 writer appending twice, no readers, 1 reconfiguration, /);
  await page.locator('#lab-readers').selectOption('1');
  assert.equal(await page.locator('#lab-reconfigure').isChecked(), false, 'a second client drops the reconfiguration');

  // V and Esc go back to the view behind the lab.
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('v');
  assert.equal(await page.locator('#lab-open').getAttribute('aria-pressed'), 'false');
  await page.locator('.corfu-svg').waitFor();
  await openLab(page);
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('Escape');
  await page.locator('.corfu-svg').waitFor();
  assert.equal(await page.locator('#lab-open').getAttribute('aria-pressed'), 'false');
  assert.deepEqual(problems, []);
  await context.close();
});

test('Multi-Paxos: remove in-order serving, "Broken in 15 steps"; at step 15 the canteens\' served days differ as the sentence says, in the week and in the transcript', async () => {
  const { page, context, problems } = await open(env.browser, `${env.server.url}/`);
  await multipaxos(page);
  await openLab(page);
  const rules = (await page.locator('#lab-variant option').allTextContents()).map((t) => t.trim());
  assert.deepEqual(rules, [
    'None: correct Multi-Paxos',
    'A canteen serves the decided days strictly in order, never a day before the days before it',
    'An acceptor accepts a proposal only in its own ballot, never in one below it',
  ]);
  const { steps, why: whyFound } = await searchBroken(page, 'out_of_order');
  assert.equal(steps, 15, 'the native checker breaks it in 15 steps too');
  assert.match(whyFound, /^Canteens serve the same sequence breaks: /);
  await play(page, steps);
  assert.equal(await page.locator('#title').inputValue(), 'Lab: out of order breaks Canteens serve the same sequence');

  await arrowTo(page, steps - 1, steps);
  const prefix = page.locator('.safety li.check[data-invariant="same_served_prefix"]');
  assert.match(await prefix.getAttribute('class'), /\bholds\b/);
  assert.equal(await transcript(page).locator('li.line.breaks').count(), 0);
  await page.keyboard.press('ArrowRight');
  await waitText(position(page), new RegExp(`^Step ${steps} of ${steps}$`));
  const sentence = await sentenceAt(page, steps);
  const m = new RegExp(`^Step ${steps} breaks Canteens serve the same sequence: without the rule that ${IN_ORDER_RULE}, ((R\\d+) served (\\S+) \\((C\\d+ #\\d+)\\) as its dish (\\d+), (R\\d+) served (\\S+) \\((C\\d+ #\\d+)\\))\\.$`).exec(sentence);
  assert.ok(m, sentence);
  const [, why, r1, dish1, order1, n, r2, dish2, order2] = m;
  assert.equal(`Canteens serve the same sequence breaks: ${why}.`, whyFound, 'the lab said what the run shows');
  assert.notEqual(dish1, dish2);
  assert.match(await prefix.getAttribute('class'), /\bbroken\b/);
  // The claim against the week: dish n of each canteen's served sequence (by day) is the one named.
  const served = (r) => page.evaluate((r) => [...document.querySelectorAll(`td.cell[data-replica="${r}"]`)]
    .filter((c) => c.dataset.state === 'served')
    .sort((a, b) => Number(a.dataset.slot) - Number(b.dataset.slot))
    .map((c) => ({ slot: Number(c.dataset.slot), dish: c.dataset.dish })), r);
  const s1 = await served(r1);
  const s2 = await served(r2);
  assert.equal(s1[n - 1]?.dish, dish1, JSON.stringify(s1));
  assert.equal(s2[n - 1]?.dish, dish2, JSON.stringify(s2));
  // ... served on different days: R2 served a later day with nothing served before it.
  assert.notEqual(s1[n - 1].slot, s2[n - 1].slot, 'a canteen served a day before the days before it');
  // ... and in the transcript: each canteen says it served that dish, the second at this very step.
  const all = await lines(page);
  const says = (r, dish, order) => all.filter(([, t]) => new RegExp(`^Canteen ${r.slice(1)} serves \\w+: ${dish} \\(${order}\\)\\.$`).test(t));
  assert.equal(says(r1, dish1, order1).length, 1, JSON.stringify(all));
  const second = says(r2, dish2, order2);
  assert.equal(second.length, 1, JSON.stringify(all));
  assert.equal(second[0][0], steps, 'the second canteen served it at the breaking step');
  const day = second[0][1].match(/serves (\w+):/)[1];
  assert.notEqual(day, 'Monday');
  assert.ok(!all.some(([, t]) => t.startsWith(`Canteen ${r2.slice(1)} serves Monday`)), `${r2} never served Monday`);
  await page.screenshot({ path: path.join(OUT, 'lab-tabs-multipaxos-broken-step-1280x720.png') });

  // Shared like any run: the link opens it on the Multi-Paxos tab at this step, with the same sentence.
  await page.locator('#copy-link').click();
  const url = await page.locator('#share-link').inputValue();
  const other = await open(env.browser, url);
  await waitText(other.page.locator('.position'), new RegExp(`^Step ${steps} of ${steps}$`));
  assert.equal(await other.page.locator('#footer-protocol').textContent(), 'Multi-Paxos');
  assert.equal((await transcript(other.page).locator('li.line.breaks .words').textContent()).trim(), sentence);
  assert.deepEqual(other.problems, []);
  await other.context.close();
  assert.deepEqual(problems, []);
  await context.close();
});

test(`Multi-Paxos: correct in the standard scope says "No way to break it in ${MP_CORRECT} states"`, async () => {
  const { page, context, problems } = await open(env.browser, `${env.server.url}/`);
  await multipaxos(page);
  await openLab(page);
  await page.locator('#lab-search').click();
  const held = page.locator('.lab-result.held');
  await held.waitFor({ timeout: 120000 });
  assert.equal((await held.locator('.verdict').textContent()).trim(), `No way to break it in ${MP_CORRECT} states.`);
  const figures = (await held.locator('.figures').textContent()).trim();
  assert.match(figures, /Scope: 2 clients ordering a dish each, 2 canteens, 2 leaders with rounds up to 1, 1 acceptor, window 1, crashes off; no rule removed\.$/);
  console.log(`# Multi-Paxos correct: ${figures}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Multi-Paxos: a long search (3 acceptors, 2 leaders, 2 rounds, 2 orders) keeps the page painting and stepping; Cancel stops it', async () => {
  const { page, context, problems } = await open(env.browser, `${env.server.url}/`);
  await multipaxos(page);
  await page.getByLabel('Multi-Paxos preset').selectOption({ label: 'A week of lunches' });
  const start = await position(page).textContent();
  const [, at, of] = start.match(/^Step (\d+) of (\d+)$/).map(Number);
  await openLab(page);
  await page.locator('#lab-acceptors').selectOption('3');
  await page.locator('#lab-rounds').selectOption('2');
  await page.locator('#lab-orders').selectOption('2');
  assert.match(await lab(page).locator('.hint').textContent(), /millions of states/);
  // A CPU four times slower, as on a lecture-hall laptop (an idle machine could otherwise reach the
  // search's memory ceiling before Cancel).
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.locator('#lab-search').click();
  const text = page.locator('#lab-progress-text');
  await waitText(text, /^[\d,]+ states found, [\d,]+ explored · depth \d+ · [\d,]+ states\/s$/);
  const painted = await frames(page, 1000);
  console.log(`# while searching: ${painted.n} frames in 1 s, longest gap ${painted.worst} ms; ${await text.textContent()}`);
  assert.ok(painted.n >= 15, `only ${painted.n} frames in a second`);
  assert.ok(painted.worst < 250, `a gap of ${painted.worst} ms between frames`);
  assert.equal(await page.locator('#lab-acceptors').isDisabled(), true, 'the scope cannot change mid-search');
  // The clicker still steps the run behind the lab.
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  const back = at > 0 ? 'ArrowLeft' : 'ArrowRight';
  const then = at > 0 ? at - 1 : at + 1;
  await page.keyboard.press(back);
  await waitText(position(page), new RegExp(`^Step ${then} of ${of}$`));
  // The chamber and back: the search went on meanwhile.
  await page.getByRole('button', { name: 'Chamber', exact: true }).click();
  await page.locator('.mp-tab .chamber-svg, .mp-tab svg').first().waitFor();
  const before = await text.textContent();
  await page.getByRole('button', { name: 'Break it' }).click();
  await page.waitForTimeout(300);
  assert.notEqual(await text.textContent(), before, 'the progress moved on');
  await page.screenshot({ path: path.join(OUT, 'lab-tabs-searching-1280x720.png') });
  await page.locator('#lab-cancel').click();
  const cancelled = page.locator('.lab-result.cancelled');
  await cancelled.waitFor();
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  assert.match(await cancelled.textContent(), /^Search cancelled after [\d,]+ states, \d+ steps? deep: it found nothing yet, and proves nothing\./);
  assert.equal(await page.locator('#lab-progress').count(), 0);
  assert.equal(await page.locator('#lab-search').isEnabled(), true);
  assert.equal(await page.locator('#lab-acceptors').isEnabled(), true);
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press(at > 0 ? 'ArrowRight' : 'ArrowLeft');
  await waitText(position(page), new RegExp(`^Step ${at} of ${of}$`));
  assert.deepEqual(problems, []);
  await context.close();
});

test('the labs at 1920×1080 and a counterexample presented at 1280×720: every text 18 px or more, axe-core finds nothing serious', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1920, height: 1080 }, bypassCSP: true });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(msg.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${env.server.url}/`);
  await transcript(page).waitFor();
  const serious = async (where) => assert.deepEqual(await axeSerious(page), [], where);
  const small = (selector) => smallTexts(page, selector);

  // Multi-Paxos: the lab with a result, at 1920×1080.
  await multipaxos(page);
  await openLab(page);
  await serious('the Multi-Paxos lab, before a search');
  await page.getByLabel('Rule to remove').selectOption('old_ballot');
  await page.locator('#lab-search').click();
  await page.locator('.lab-result.broken').waitFor({ timeout: 60000 });
  assert.equal(await page.locator('#lab-steps').textContent(), '16 steps', 'the native checker breaks it in 16 steps too');
  await serious('the Multi-Paxos lab with a result');
  await page.screenshot({ path: path.join(OUT, 'lab-tabs-multipaxos-broken-1920x1080.png') });

  // CORFU: the lab with a result, the counterexample at its breaking step.
  await corfu(page);
  await openLab(page);
  await page.getByLabel('Rule to remove').selectOption('overwrite');
  await page.locator('#lab-search').click();
  await page.locator('.lab-result.broken').waitFor({ timeout: 60000 });
  await serious('the CORFU lab with a result');
  await page.screenshot({ path: path.join(OUT, 'lab-tabs-corfu-broken-1920x1080.png') });
  await page.locator('#lab-play').click();
  await waitText(page.locator('.position'), /^Step 0 of 8$/);
  await page.keyboard.press('End');
  await page.locator('li.line.breaks').waitFor();
  await serious('the CORFU counterexample at its breaking step');
  await page.screenshot({ path: path.join(OUT, 'lab-tabs-corfu-counterexample-1920x1080.png') });

  // Presenting at 1280×720: the sentence is on the projector, at 18 px or more.
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.keyboard.press('f');
  await page.locator('.page.presenting').waitFor();
  await page.waitForTimeout(300);
  const marked = page.locator('#breaks-at.reached');
  assert.ok(await marked.isVisible(), 'the breaking step’s sentence is on the projector');
  assert.match(await marked.textContent(), new RegExp(`^Step 8 breaks Pages are written once: without the rule that ${WRITE_ONCE_RULE.replace(/[()]/g, '\\$&')}, `));
  const box = await marked.boundingBox();
  assert.ok(box.y + box.height <= 720, 'and on screen');
  assert.deepEqual(await small('.breaks-at, .transcript li.line.current, .transcript li.line.current *'), []);
  await serious('presenting the CORFU breaking step');
  await page.screenshot({ path: path.join(OUT, 'lab-tabs-corfu-counterexample-presenting-1280x720.png') });
  // The lab while presenting (opened before: presenting hides the view buttons): every text 18 px or more.
  const presenting = async (on) => {
    await page.keyboard.press('f');
    await page.locator(on ? '.page.presenting' : '.page:not(.presenting)').waitFor();
    await page.waitForTimeout(300);
  };
  await presenting(false);
  await openLab(page);
  await presenting(true);
  assert.ok(await page.locator('.lab-result.broken').isVisible(), 'the lab kept its result');
  assert.deepEqual(await small('.lab *'), []);
  await serious('presenting the CORFU lab');
  // A search while presenting: its verdict is brought into view on the projector.
  await page.getByLabel('Rule to remove').selectOption('correct');
  await page.locator('#lab-search').click();
  const verdict = page.locator('.lab-result.held .verdict');
  await verdict.waitFor({ timeout: 60000 });
  await page.waitForTimeout(300);
  const vbox = await verdict.boundingBox();
  assert.ok(vbox.y >= 0 && vbox.y + vbox.height <= 720, `the verdict is on screen: ${JSON.stringify(vbox)}`);
  assert.equal((await verdict.textContent()).trim(), `No way to break it in ${CORFU_CORRECT} states.`);
  await page.screenshot({ path: path.join(OUT, 'lab-tabs-corfu-lab-presenting-1280x720.png') });
  await presenting(false);
  await multipaxos(page);
  await openLab(page);
  await presenting(true);
  assert.ok(await lab(page).isVisible(), 'the Multi-Paxos lab is in the stage');
  assert.deepEqual(await small('.lab *'), []);
  await serious('presenting the Multi-Paxos lab');
  await page.screenshot({ path: path.join(OUT, 'lab-tabs-multipaxos-lab-presenting-1280x720.png') });
  assert.deepEqual(problems, []);
  await context.close();
});
