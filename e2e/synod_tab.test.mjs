// The Synod tab, driven as a person would: clicks and keys only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setup, teardown, open, transcript, messenger, onMessenger, node, OUT, waitCount, waitAttr } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await teardown(env); });

async function openPreset(page, label) {
  await page.getByLabel('Preset').selectOption({ label });
}

/** Clicks leader `name`, makes the quorum exactly `quorum` by clicking acceptors, names the round, starts it. */
async function startRound(page, name, quorum, round) {
  await node(page, name).click();
  const form = page.getByRole('form', { name: 'Start a round' });
  await form.waitFor();
  for (let i = 1; i <= 9; i += 1) {
    const box = form.getByRole('checkbox', { name: new RegExp(`^A${i}\\b`) });
    if ((await box.count()) === 0) break;
    const want = quorum.includes(`A${i}`);
    if ((await box.isChecked()) !== want) await node(page, `A${i}`).click();
  }
  if (round !== undefined) await form.getByLabel('Round number (optional)').fill(String(round));
  await form.getByRole('button', { name: 'Start round' }).click();
}

test('Round 8 and Round 10, by choosing which messenger to deliver', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  await openPreset(page, 'Round 8');
  const log = transcript(page);
  // The preset opens just before round 8: rounds 6 and 7 are history.
  await log.getByText('Acceptor 3: OK. Accept Taco in round 7.').waitFor();
  await waitCount(log.getByText(/round 8/), 0);

  await startRound(page, 'L1', ['A1', 'A2', 'A3'], 8);
  await page.getByRole('status').getByText(/History after step \d+ replaced — Undo/).waitFor();
  await log.getByText('Leader 1: We now start round 8. What do you feel like for lunch?').waitFor();
  await onMessenger(page, /prepare 8, from Leader 1 to Acceptor 1,/, 'Deliver now');
  await log.getByText('Acceptor 1: Now we give up all rounds < 8.').waitFor();
  await waitCount(log.getByText('Acceptor 1: I have no idea.'), 2, 'once in round 7, once in round 8');
  await onMessenger(page, /prepare 8, from Leader 1 to Acceptor 2,/, 'Deliver now');
  await log.getByText('Acceptor 2: I already accepted Thai in round 6.').waitFor();
  // A3 never receives.
  await onMessenger(page, /prepare 8, from Leader 1 to Acceptor 3,/, 'Drop');
  await log.getByText('… The messenger carrying prepare 8 from Leader 1 to Acceptor 3 was lost.').waitFor();
  await waitCount(messenger(page, /prepare 8, from Leader 1 to Acceptor 3,/), 0);
  await page.screenshot({ path: path.join(OUT, 'synod-round-8-1280x720.png') });

  // Round 10: Leader 1 (who likes Thai) can only propose Taco.
  await startRound(page, 'L1', ['A1', 'A2', 'A3'], 10);
  // Nothing is heard yet: the panel names both members of both quorums and says A3's report is pending.
  await page.getByText(/A1 and A3 are in both quorums, round 7's and round 10's\..*If A2 answers it will report Thai@6; if A3 answers it will report Taco@7\./).first().waitFor();
  for (const a of [1, 2, 3]) await onMessenger(page, new RegExp(`prepare 10, from Leader 1 to Acceptor ${a},`), 'Deliver now');
  await log.getByText('Acceptor 3: I already accepted Taco in round 7.').waitFor();
  for (const a of [1, 2, 3]) await onMessenger(page, new RegExp(`promise 10.*, from Acceptor ${a} to Leader 1,`), 'Deliver now');
  await log.getByText("Leader 1: Let's try agree on Taco in round 10.").waitFor();
  for (const a of [1, 2, 3]) await onMessenger(page, new RegExp(`propose Taco@10, from Leader 1 to Acceptor ${a},`), 'Deliver now');
  await log.getByText('Acceptor 2: OK. Accept Taco in round 10.').waitFor();
  for (const a of [1, 2, 3]) await onMessenger(page, new RegExp(`accepted Taco@10, from Acceptor ${a} to Leader 1,`), 'Deliver now');
  await log.getByText('Leader 1: I see we have agreed on Taco in round 10.').waitFor();
  await page.getByText(/Taco is chosen: A1, A2, A3 accepted it in round 10, a majority\./).waitFor();
  for (const a of [1, 2, 3]) await onMessenger(page, new RegExp(`decided Taco, from Leader 1 to Acceptor ${a},`), 'Deliver now');
  await waitCount(log.getByText(/^Acceptor \d: Yay, Taco!$/), 3);
  await page.screenshot({ path: path.join(OUT, 'synod-round-10-1280x720.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a crashed acceptor answers nothing and keeps its accepted value after recovery', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  await openPreset(page, 'Round 8');
  await node(page, 'A2').click();
  await page.getByRole('button', { name: '✖ Crash' }).click();
  await waitAttr(node(page, 'A2'), 'aria-label', /^Acceptor 2, crashed, promised round 6, accepted Thai in round 6/);
  const log = transcript(page);
  const spoken = await log.getByText(/^Acceptor 2: /).count();
  await startRound(page, 'L1', ['A1', 'A2'], 9);
  await onMessenger(page, /prepare 9, from Leader 1 to Acceptor 2,/, 'Deliver now');
  await log.getByText('… The messenger carrying prepare 9 from Leader 1 to Acceptor 2 was lost: Acceptor 2 is crashed.').waitFor();
  await waitCount(log.getByText(/^Acceptor 2: /), spoken, 'it says nothing about round 9');
  await node(page, 'A2').click();
  await page.getByRole('button', { name: '↺ Recover' }).click();
  await log.getByText('Acceptor 2 is back, ledger intact: promised round 6, accepted Thai in round 6.').waitFor();
  await waitAttr(node(page, 'A2'), 'aria-label', /accepted Thai in round 6/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a duplicated promise is handled once; a dropped messenger leaves', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  await openPreset(page, 'Round 8');
  await startRound(page, 'L1', ['A1', 'A2'], 9);
  await onMessenger(page, /prepare 9, from Leader 1 to Acceptor 1,/, 'Deliver now');
  await onMessenger(page, /promise 9, from Acceptor 1 to Leader 1,/, 'Duplicate');
  await waitCount(page.getByRole('button', { name: /promise 9, from Acceptor 1 to Leader 1,/ }), 2);
  const log = transcript(page);
  await onMessenger(page, /promise 9, from Acceptor 1 to Leader 1, due at time \d+$/, 'Deliver now');
  await log.getByText('Leader 1 has 1 of 2 promises for round 9.').waitFor();
  await onMessenger(page, /promise 9, from Acceptor 1 to Leader 1, .*a copy of/, 'Deliver now');
  await log.getByText("Leader 1 already had Acceptor 1's promise for round 9; the duplicate changes nothing.").waitFor();
  await waitCount(log.getByText('Leader 1 has 2 of 2 promises for round 9.'), 0);
  await onMessenger(page, /prepare 9, from Leader 1 to Acceptor 2,/, 'Drop');
  await log.getByText('… The messenger carrying prepare 9 from Leader 1 to Acceptor 2 was lost.').waitFor();
  await waitCount(messenger(page, /prepare 9, from Leader 1 to Acceptor 2,/), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('delay one messenger past another and they arrive out of order', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  await openPreset(page, 'Round 8');
  await startRound(page, 'L1', ['A1', 'A2'], 9);
  const first = messenger(page, /prepare 9, from Leader 1 to Acceptor 1,/);
  const due = Number((await first.getAttribute('aria-label')).match(/due at time (\d+)/)[1]);
  await onMessenger(page, /prepare 9, from Leader 1 to Acceptor 1,/, 'Delay');
  const later = due + 20;
  await waitAttr(first, 'aria-label', new RegExp(`due at time ${later}$`));
  await page.getByText(`on a voyage · due at time ${later}`).waitFor();
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowRight');
  const log = transcript(page);
  await log.getByText('Acceptor 2: Now we give up all rounds < 9.').waitFor();
  await waitCount(log.getByText('Acceptor 1: Now we give up all rounds < 9.'), 0, 'A1 is still waiting');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await log.getByText('Acceptor 1: Now we give up all rounds < 9.').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('back, forward, scrub and keyboard stepping; keys do nothing while typing', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  await openPreset(page, 'Round 10');
  const log = transcript(page);
  const position = page.locator('.position');
  const at = async () => Number((await position.textContent()).match(/Step (\d+)/)[1]);
  // Rendering may yield to the browser between a key and the new frame: wait for the position.
  const reach = (n) => page.locator('.position', { hasText: `Step ${n} of` }).waitFor();
  const start = await at();
  for (const key of ['ArrowRight', 'PageDown', ' ']) await page.keyboard.press(key);
  await reach(start + 3);
  await page.keyboard.press('PageUp');
  await page.keyboard.press('ArrowLeft');
  await reach(start + 1);
  await page.getByRole('button', { name: 'Step ▶' }).click();
  await reach(start + 2);
  await page.getByRole('button', { name: '◀ Back' }).click();
  await reach(start + 1);
  // The scrubber goes anywhere in the history.
  await page.getByLabel('Timeline').fill('39');
  await log.getByText('Leader 2: Yay, Taco!').waitFor();
  await page.getByLabel('Timeline').fill('5');
  await reach(5);
  await waitCount(log.getByText(/Yay/), 0);
  // Clicking a transcript line jumps there.
  await page.getByLabel('Timeline').fill('39');
  await log.getByText('Leader 1: I see we have agreed on Taco in round 10.').click();
  await reach(35);
  // Typing in a field never steps.
  await node(page, 'L1').click();
  const dish = page.getByLabel('Dish');
  await dish.fill('');
  await dish.type('Pho PageDown');
  await dish.press('ArrowRight');
  await dish.press('PageDown');
  await dish.press(' ');
  assert.equal(await at(), 35);
  assert.equal(await dish.inputValue(), 'Pho PageDown ');
  await page.keyboard.press('Escape');
  await waitCount(page.getByRole('form', { name: 'Start a round' }), 0);
  // P plays; it runs to the end by itself.
  await page.keyboard.press('p');
  await page.getByText('Step 39 of 39').waitFor({ timeout: 20000 });
  assert.deepEqual(problems, []);
  await context.close();
});

test('export the space-time diagram: valid SVG, one arrow per message', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  await openPreset(page, 'Stale leader');
  await page.getByLabel('Timeline').fill('34');
  await page.getByRole('button', { name: 'Space-time diagram' }).click();
  const shown = page.locator('.spacetime-wrap svg');
  await shown.waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export SVG' }).click(),
  ]);
  const file = path.join(OUT, 'diagram.svg');
  await download.saveAs(file);
  const text = fs.readFileSync(file, 'utf8');
  assert.ok(text.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
  const sent = Number(await page.locator('.metrics div', { hasText: 'Messages sent' }).locator('dd').textContent());
  const lost = Number(await page.locator('.metrics div', { hasText: 'Lost' }).locator('dd').textContent());
  // Open the file on its own, as a browser would: it must parse as SVG.
  const viewer = await context.newPage();
  await viewer.goto('file://' + file);
  const counts = await viewer.evaluate(() => ({
    root: document.documentElement.localName,
    errors: document.getElementsByTagName('parsererror').length,
    arrows: document.querySelectorAll('g.arrow').length,
    crosses: document.querySelectorAll('g.arrow.lost').length,
    crashes: [...document.querySelectorAll('text.mark')].filter((t) => t.textContent.includes('crashed')).length,
  }));
  assert.deepEqual(counts, { root: 'svg', errors: 0, arrows: sent, crosses: lost, crashes: 1 });
  // Clicking a row of the diagram jumps to that step.
  await page.locator('.spacetime-wrap rect[data-step="10"]').click();
  await page.getByText('Step 10 of 34').waitFor();
  await page.screenshot({ path: path.join(OUT, 'diagram-1280x720.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('looks: projector and laptop sizes', async () => {
  for (const [w, h] of [[1280, 720], [1920, 1080]]) {
    const { page, context, problems } = await open(env.browser, env.server.url + '/', { width: w, height: h });
    await openPreset(page, 'Leader crashes after learn');
    for (let i = 0; i < 5; i += 1) await page.keyboard.press('ArrowRight');
    await node(page, 'L1').click();
    await page.waitForTimeout(700);
    await page.screenshot({ path: path.join(OUT, `synod-${w}x${h}.png`) });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling at ${w}x${h} (${overflow}px)`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('a node explains its refusals; the overlap that forces a value is highlighted', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  await openPreset(page, 'Stale leader');
  await page.getByLabel('Timeline').fill('34');
  await node(page, 'A3').click();
  await page.getByRole('region', { name: 'Selected' }).getByText('refused propose 6: promised round 10').waitFor();
  await openPreset(page, 'Round 10');
  await page.keyboard.press('ArrowRight');
  await waitAttr(node(page, 'A3'), 'class', /\boverlap\b/);
  await node(page, 'A3').getByText('in both quorums').waitFor();
  assert.doesNotMatch(await node(page, 'A2').getAttribute('class'), /\boverlap\b/);
  assert.deepEqual(problems, []);
  await context.close();
});
