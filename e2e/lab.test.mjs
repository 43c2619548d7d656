// The break-it lab on the Synod tab: remove a rule, search every interleaving while the page keeps
// painting, play the counterexample and check its claim against the run; cancel; correct Paxos holds in
// as many states as the native checker counts; keyboard, axe-core, presenting sizes, screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { setup, teardown, open, transcript, OUT, ROOT, waitText, watchProgress, frames, axeSerious, smallTexts } from './helpers.mjs';

// What `cargo run --release --bin parliament -- check --exhaustive` prints for the standard scope
// (3 acceptors alike, 2 leaders, two rounds each, no crashes, whole quorum, correct): "81310 states,
// 274689 transitions, depth 34 … no way to break it". The lab searches with the same core, so it must agree.
// When a release `parliament` built from the current core is there (`make test` builds it before the
// browser tests), the test asks it instead.
function nativeCorrect() {
  const fallback = { states: 81310, depth: 34, from: 'the figure recorded in e2e/lab.test.mjs' };
  const bin = path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target'), 'release', 'parliament');
  if (!fs.existsSync(bin)) return fallback;
  const newest = ['src/sim', 'src/synod'].flatMap((d) => fs.readdirSync(path.join(ROOT, d)).map((f) => fs.statSync(path.join(ROOT, d, f)).mtimeMs));
  if (fs.statSync(bin).mtimeMs < Math.max(...newest)) return fallback;
  const out = execFileSync(bin, ['check', '--exhaustive'], { encoding: 'utf8' });
  const m = /: (\d+) states, \d+ transitions, depth (\d+),.*no way to break it/.exec(out);
  return m ? { states: Number(m[1]), depth: Number(m[2]), from: `${bin} check --exhaustive` } : fallback;
}
const NATIVE = nativeCorrect();
const NATIVE_CORRECT_STATES = NATIVE.states.toLocaleString('en-US');

const OWN_DISH_RULE = 'a leader proposes the value of the highest-round vote its promises report';

let env;
before(async () => { env = await setup(); });
after(async () => { await teardown(env); });

const position = (page) => page.locator('.position').textContent();
const lab = (page) => page.locator('.lab');

async function openLab(page) {
  await page.getByRole('button', { name: 'Break it' }).click();
  await lab(page).waitFor();
}

async function lines(page) {
  return (await transcript(page).locator('li.line .words').allTextContents()).map((t) => t.trim());
}

const long = (n) => (n[0] === 'A' ? `Acceptor ${n.slice(1)}` : `Leader ${n.slice(1)}`);

test('own dish: Search shows progress, finds "Broken in N steps", Play it opens the run; stepping to step N shows the sentence and Agreement broken', async () => {
  const { page, context, problems } = await open(env.browser, `${env.server.url}/`);
  assert.match(await position(page), /^Step 22 of 39$/);
  // Reachable by keyboard: the Break it button takes Enter.
  await page.getByRole('button', { name: 'Break it' }).focus();
  await page.keyboard.press('Enter');
  await lab(page).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Break it' }).getAttribute('aria-pressed'), 'true');
  // The picker lists each variant by the rule it removes.
  const rules = (await page.locator('#lab-variant option').allTextContents()).map((t) => t.trim());
  assert.equal(rules[0], 'None: correct Paxos');
  assert.ok(rules.includes('A leader proposes the value of the highest-round vote its promises report'), rules.join(' | '));
  assert.equal(rules.length, 7);
  await page.getByLabel('Rule to remove').selectOption('own_dish');

  await watchProgress(page);
  await page.locator('#lab-search').focus();
  await page.keyboard.press('Enter');
  const result = page.locator('.lab-result.broken');
  await result.waitFor({ timeout: 30000 });
  const seen = await page.evaluate(() => window.__labProgress);
  assert.ok(seen.length > 0, 'the progress bar was shown');
  assert.ok(seen.every((s) => /^[\d,]+ states? found, [\d,]+ explored · depth \d+/.test(s.text)), seen.map((s) => s.text).join(' | '));
  assert.ok(seen.some((s) => s.max > 1), 'the progress counted states');
  const steps = Number((await page.locator('#lab-steps').textContent()).match(/^(\d+) steps$/)[1]);
  const verdict = (await result.locator('.verdict').textContent()).trim();
  assert.equal(verdict, `Broken in ${steps} steps — Play it ▶`);
  const whyFound = (await result.locator('.why').textContent()).trim();
  assert.match(whyFound, /^Agreement breaks: two values are chosen: /);
  assert.match(await result.locator('.figures').textContent(), /found among [\d,]+ states .*without the rule that a leader proposes/);
  console.log(`# own dish: ${verdict} ${whyFound} ${await result.locator('.figures').textContent()}`);
  // The focus went from Search to what comes next (Cancel while searching, then Play it).
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'lab-play');

  // Play it (by keyboard) replaces the run, with Undo; Undo brings Round 10 back, the lab keeps its result.
  await page.keyboard.press('Enter');
  await page.locator('#page-notice').getByText(/Opened the counterexample the lab found/).waitFor();
  await waitText(page.locator('.position'), new RegExp(`^Step 0 of ${steps}$`));
  assert.equal(await page.locator('#title').inputValue(), 'Lab: own dish breaks Agreement');
  // The focus went to Step (the lab made way for the chamber).
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'step');
  await page.locator('#undo').click();
  await waitText(page.locator('.position'), /^Step 22 of 39$/);
  assert.equal(await page.locator('#title').inputValue(), 'Round 10');
  await openLab(page);
  await result.waitFor();
  await page.locator('#lab-play').click();
  await waitText(page.locator('.position'), new RegExp(`^Step 0 of ${steps}$`));
  // The focus is on Step: Enter steps, and so does →; Home goes back to the start.
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'step');
  await page.keyboard.press('Enter');
  await waitText(page.locator('.position'), new RegExp(`^Step 1 of ${steps}$`));
  await page.keyboard.press('ArrowRight');
  await waitText(page.locator('.position'), new RegExp(`^Step 2 of ${steps}$`));
  await page.keyboard.press('Home');
  await waitText(page.locator('.position'), new RegExp(`^Step 0 of ${steps}$`));
  // The chamber is in view again, and the run says where it breaks before it gets there.
  assert.equal(await page.getByRole('button', { name: 'Break it' }).getAttribute('aria-pressed'), 'false');
  assert.equal(await page.locator('#breaks-at').textContent(), `In this run, step ${steps} breaks Agreement: step on (→) to see how.`);

  // Step by keys to the step before the break: Agreement holds there, nothing is marked.
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  for (let i = 1; i < steps; i += 1) await page.keyboard.press('ArrowRight');
  await waitText(page.locator('.position'), new RegExp(`^Step ${steps - 1} of ${steps}$`));
  const agreement = page.locator('.safety li.check[data-invariant="agreement"]');
  assert.match(await agreement.getAttribute('class'), /\bholds\b/);
  assert.equal(await transcript(page).locator('li.line.breaks').count(), 0);

  // The step that breaks it: highlighted with the sentence, and the safety panel agrees.
  await page.keyboard.press('ArrowRight');
  await waitText(page.locator('.position'), new RegExp(`^Step ${steps} of ${steps}$`));
  const marked = transcript(page).locator('li.line.breaks');
  await marked.waitFor();
  assert.equal(await marked.getAttribute('data-step'), String(steps));
  assert.match(await marked.getAttribute('class'), /\bcurrent\b/);
  const sentence = (await marked.locator('.words').textContent()).trim();
  const m = new RegExp(`^Step ${steps} breaks Agreement: without the rule that ${OWN_DISH_RULE}, (.*)\\.$`).exec(sentence);
  assert.ok(m, sentence);
  const why = m[1];
  assert.equal((await page.locator('#breaks-at').textContent()).trim(), sentence, 'the line above the timeline says it too');
  assert.equal(`Agreement breaks: ${why}.`, whyFound, 'the lab said what the run shows');
  assert.match(await agreement.getAttribute('class'), /\bbroken\b/);
  assert.equal((await agreement.locator('.why').textContent()).trim(), why, 'the safety panel says the same why');
  // The claim against the run's facts: each value named as chosen was accepted by each voter named, in
  // that round, as the transcript says; and that happened at or before this step.
  const claims = [...why.matchAll(/(\w+) in round (\d+) by ([A-Z0-9, ]+?)(?=;|$)/g)].map((c) => ({ dish: c[1], round: c[2], voters: c[3].split(', ') }));
  assert.equal(claims.length, 2, why);
  assert.notEqual(claims[0].dish, claims[1].dish);
  const all = await lines(page);
  for (const c of claims) {
    assert.ok(c.voters.length >= 2, `a majority of 3: ${why}`);
    for (const a of c.voters) assert.ok(all.includes(`${long(a)}: OK. Accept ${c.dish} in round ${c.round}.`), `${a} accepted ${c.dish}@${c.round}`);
  }
  assert.ok(all.some((l) => l.startsWith('!! Invariant broken — Agreement:')));
  assert.match(await page.locator('.safety dd.chosen').textContent(), new RegExp(`${claims[0].dish}.*${claims[1].dish}|${claims[1].dish}.*${claims[0].dish}`));
  await page.screenshot({ path: path.join(OUT, 'lab-broken-step-1280x720.png') });

  // Shared like any run: the link opens this run at this step, with the same sentence.
  await page.locator('#copy-link').click();
  const url = await page.locator('#share-link').inputValue();
  const other = await open(env.browser, url);
  await waitText(other.page.locator('.position'), new RegExp(`^Step ${steps} of ${steps}$`));
  assert.equal((await transcript(other.page).locator('li.line.breaks .words').textContent()).trim(), sentence);
  assert.match(await other.page.locator('.safety li.check[data-invariant="agreement"]').getAttribute('class'), /\bbroken\b/);
  assert.deepEqual(other.problems, []);
  await other.context.close();

  assert.deepEqual(problems, []);
  await context.close();
});

test('Flexible Paxos: q1 = 1, q2 = 2 of 3 breaks agreement; the played run names the quorum rule and the chosen quorums are the ones the transcript shows', async () => {
  const { page, context, problems } = await open(env.browser, `${env.server.url}/`);
  await openLab(page);
  const labels = (await page.locator('#lab-quorums option').allTextContents()).map((t) => t.trim());
  assert.equal(labels[0], 'Majorities');
  assert.ok(labels.includes('q1 = 2, q2 = 2 (they meet: 4 > 3)'), labels.join(' | '));
  await page.locator('#lab-quorums').selectOption('q1-2');
  const result = page.locator('.lab-result.broken');
  await page.locator('#lab-search').click();
  await result.waitFor({ timeout: 30000 });
  const steps = Number((await page.locator('#lab-steps').textContent()).match(/^(\d+) steps$/)[1]);
  assert.equal(steps, 10, 'the native checker breaks it in 10 steps too');
  assert.match(await result.locator('.figures').textContent(), /quorums q1 = 1, q2 = 2; without the rule that every phase-1 quorum meets every phase-2 quorum/);
  await page.locator('#lab-play').click();
  await waitText(page.locator('.position'), new RegExp(`^Step 0 of ${steps}$`));
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  for (let i = 0; i < steps; i += 1) await page.keyboard.press('ArrowRight');
  await waitText(page.locator('.position'), new RegExp(`^Step ${steps} of ${steps}$`));
  const sentence = (await transcript(page).locator('li.line.breaks .words').textContent()).trim();
  assert.match(sentence, new RegExp(`^Step ${steps} breaks Agreement: without the rule that every phase-1 quorum meets every phase-2 quorum \\(q1 = 1, q2 = 2: q1 \\+ q2 must be more than 3\\), two values are chosen: `));
  const agreement = page.locator('.safety li.check[data-invariant="agreement"]');
  assert.match(await agreement.getAttribute('class'), /\bbroken\b/);
  // Each chosen value: exactly the phase-2 quorum of 2 named, each of whom accepted it in that round.
  const why = (await agreement.locator('.why').textContent()).trim();
  const claims = [...why.matchAll(/(\w+) in round (\d+) by ([A-Z0-9, ]+?)(?=;|$)/g)].map((c) => ({ dish: c[1], round: c[2], voters: c[3].split(', ') }));
  assert.equal(claims.length, 2, why);
  const all = await lines(page);
  for (const c of claims) {
    assert.equal(c.voters.length, 2, why);
    for (const a of c.voters) assert.ok(all.includes(`${long(a)}: OK. Accept ${c.dish} in round ${c.round}.`), `${a} accepted ${c.dish}@${c.round}`);
  }
  // Then a safe pair holds: q1 = 2, q2 = 2.
  await openLab(page);
  await page.locator('#lab-quorums').selectOption('q2-2');
  await page.locator('#lab-search').click();
  await page.locator('.lab-result.held').waitFor({ timeout: 60000 });
  assert.match(await page.locator('.lab-result.held').textContent(), /No way to break it in [\d,]+ states/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a long search (5 acceptors, 3 leaders, 3 rounds): the page keeps painting and stepping, Cancel stops it', async () => {
  const { page, context, problems } = await open(env.browser, `${env.server.url}/`);
  await openLab(page);
  await page.locator('#lab-acceptors').selectOption('5');
  await page.locator('#lab-leaders').selectOption('3');
  await page.locator('#lab-rounds').selectOption('3');
  // A CPU four times slower, as on a lecture-hall laptop: an idle machine would otherwise reach the
  // search's memory ceiling (and stop by itself) before the test gets to Cancel.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.locator('#lab-search').click();
  const text = page.locator('#lab-progress-text');
  await waitText(text, /^[\d,]+ states found, [\d,]+ explored · depth \d+ · [\d,]+ states\/s$/);
  // While it searches: frames keep coming, and the clicker keys still step the run.
  const painted = await frames(page, 1000);
  console.log(`# while searching: ${painted.n} frames in 1 s, longest gap ${painted.worst} ms; ${await text.textContent()}`);
  assert.ok(painted.n >= 15, `only ${painted.n} frames in a second`);
  assert.ok(painted.worst < 250, `a gap of ${painted.worst} ms between frames`);
  assert.equal(await page.locator('#lab-acceptors').isDisabled(), true, 'the scope cannot change mid-search');
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('ArrowRight');
  await waitText(page.locator('.position'), /^Step 23 of 39$/);
  // Another view and back: the search went on meanwhile.
  await page.getByRole('button', { name: 'Safety', exact: true }).click();
  await page.locator('.stage .safety').waitFor();
  const before = await text.textContent();
  await page.getByRole('button', { name: 'Break it' }).click();
  await page.waitForTimeout(300);
  assert.notEqual(await text.textContent(), before, 'the progress moved on');
  await page.screenshot({ path: path.join(OUT, 'lab-searching-1280x720.png') });

  await page.locator('#lab-cancel').click();
  const cancelled = page.locator('.lab-result.cancelled');
  await cancelled.waitFor();
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  assert.match(await cancelled.textContent(), /^Search cancelled after [\d,]+ states, \d+ steps? deep: it found nothing yet, and proves nothing\./);
  assert.equal(await page.locator('#lab-progress').count(), 0);
  assert.equal(await page.locator('#lab-search').isEnabled(), true);
  assert.equal(await page.locator('#lab-acceptors').isEnabled(), true);
  // Responsive afterwards: a step, and a fresh search in the standard scope.
  await page.keyboard.press('ArrowRight');
  await waitText(page.locator('.position'), /^Step 24 of 39$/);
  assert.deepEqual(problems, []);
  await context.close();
});

test(`correct Paxos in the standard scope: "No way to break it in ${NATIVE_CORRECT_STATES} states", as the native checker counts`, async () => {
  const { page, context, problems } = await open(env.browser, `${env.server.url}/`);
  await openLab(page);
  assert.equal(await page.locator('#lab-variant').inputValue(), 'correct');
  const t = Date.now();
  await page.locator('#lab-search').click();
  const held = page.locator('.lab-result.held');
  await held.waitFor({ timeout: 30000 });
  const ms = Date.now() - t;
  assert.equal(await page.locator('#lab-states').textContent(), `${NATIVE_CORRECT_STATES} states`);
  assert.equal((await held.locator('.verdict').textContent()).trim(), `No way to break it in ${NATIVE_CORRECT_STATES} states.`);
  const figures = await held.locator('.figures').textContent();
  assert.ok(figures.startsWith(`Every state in the scope, up to ${NATIVE.depth} steps from the start, was explored`), figures);
  assert.match(figures, /^Every state in the scope, up to \d+ steps from the start, was explored \([\d.]+ s, [\d,]+ states\/s\)\. Scope: 3 acceptors \(alike: one state for each permutation of them\), 2 leaders with 2 rounds each, no crashes, a leader waits for its whole quorum \(as on the slides\); no rule removed\.$/);
  console.log(`# correct, standard scope: ${figures} (${ms} ms from the click); native figure from ${NATIVE.from}`);
  // The lab's own tooltip-free text is readable, and nothing is smaller than 18 px while presenting.
  await page.screenshot({ path: path.join(OUT, 'lab-held-1280x720.png') });
  await page.keyboard.press('f');
  await page.locator('.page.presenting').waitFor();
  await page.waitForTimeout(200);
  assert.ok(await held.isVisible(), 'the lab stays in the stage while presenting');
  const small = await smallTexts(page, '.lab *');
  assert.deepEqual(small, []);
  await page.screenshot({ path: path.join(OUT, 'lab-presenting-1280x720.png') });
  // Esc closes the lab, back to the chamber (and a second Esc leaves presenting).
  await page.keyboard.press('Escape');
  await page.locator('.chamber-svg').first().waitFor();
  assert.equal(await page.locator('#lab-open').getAttribute('aria-pressed'), 'false');
  assert.equal(await held.isVisible(), false);
  assert.deepEqual(problems, []);
  await context.close();
});

test('presenting a counterexample at 1280×720, and the lab at 1920×1080: every text 18 px or more, axe-core finds nothing serious', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1920, height: 1080 }, bypassCSP: true });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(msg.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${env.server.url}/`);
  await transcript(page).waitFor();
  const serious = async (where) => assert.deepEqual(await axeSerious(page), [], where);
  await openLab(page);
  await serious('the lab, before a search');
  await page.getByLabel('Rule to remove').selectOption('no_promise_check');
  await page.locator('#lab-search').click();
  await page.locator('.lab-result.broken').waitFor({ timeout: 30000 });
  await serious('the lab with a result');
  await page.screenshot({ path: path.join(OUT, 'lab-broken-1920x1080.png') });
  const steps = Number((await page.locator('#lab-steps').textContent()).match(/^(\d+)/)[1]);
  await page.locator('#lab-play').click();
  await waitText(page.locator('.position'), new RegExp(`^Step 0 of ${steps}$`));
  await page.keyboard.press('End');
  await page.locator('li.line.breaks').waitFor();
  await serious('the counterexample at its breaking step');
  await page.screenshot({ path: path.join(OUT, 'lab-counterexample-1920x1080.png') });

  await page.setViewportSize({ width: 1280, height: 720 });
  await page.keyboard.press('f');
  await page.locator('.page.presenting').waitFor();
  await page.waitForTimeout(300);
  // While presenting, the sentence is the wide line above the board (the transcript's column is narrow).
  const marked = page.locator('#breaks-at.reached');
  assert.ok(await marked.isVisible(), 'the breaking step’s sentence is on the projector');
  assert.match(await marked.textContent(), /^Step \d+ breaks Agreement: without the rule that an acceptor never accepts below the round it promised, /);
  const box = await marked.boundingBox();
  assert.ok(box.y + box.height <= 720, 'and on screen');
  const small = await page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('.breaks-at, .transcript li.line.current, .transcript li.line.current *')) {
      const px = parseFloat(getComputedStyle(el).fontSize);
      if (el.getClientRects().length && px < 18) out.push(`${el.className} ${px}px`);
    }
    return out;
  });
  assert.deepEqual(small, []);
  await serious('presenting the breaking step');
  await page.screenshot({ path: path.join(OUT, 'lab-counterexample-presenting-1280x720.png') });
  // The lab opened while presenting (it was open before): at projector size.
  await page.keyboard.press('f');
  await page.locator('.page:not(.presenting)').waitFor();
  await openLab(page);
  await page.keyboard.press('f');
  await page.locator('.page.presenting').waitFor();
  await page.waitForTimeout(300);
  await serious('presenting the lab');
  await page.screenshot({ path: path.join(OUT, 'lab-result-presenting-1280x720.png') });
  assert.deepEqual(problems, []);
  await context.close();
});
