// Every sentence on screen is a fact of the run at that step. These tests read what the page says (the
// safety panel, the chamber's tags) and check it against what the page's own transcript shows has
// happened up to that step: on every step of every Synod tour, and on every step of both broken presets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, teardown, open, transcript } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await teardown(env); });

/** "A3" → "Acceptor 3", "L1" → "Leader 1": the transcript's names. */
const long = (n) => (n[0] === 'A' ? 'Acceptor ' : 'Leader ') + n.slice(1);
const names = (text) => text.match(/\b[AL]\d\b/g) ?? [];

async function lines(page) {
  return (await transcript(page).locator('li.line:not(.earlier) .words').allTextContents()).map((s) => s.trim());
}

/** The lines after the last "We now start round r." */
function sinceStart(all, r) {
  const i = all.findLastIndex((l) => l.endsWith(`We now start round ${r}. What do you feel like for lunch?`));
  return i < 0 ? null : all.slice(i);
}

/** Checks one overlap paragraph of the safety panel against the transcript. */
function checkOverlap(text, all, chamberBoth, where) {
  const m = /Round (\d+) has (?:promises from (.*?)\.|no promises yet\.)/.exec(text);
  assert.ok(m, `${where}: the panel says what round it explains: ${text}`);
  const r = m[1];
  const since = sinceStart(all, r);
  assert.ok(since, `${where}: round ${r} has started in the transcript: ${text}`);
  const heard = m[2] ? [...m[2].matchAll(/\b(A\d) \(([^)]*)\)/g)].map((x) => [x[1], x[2]]) : [];
  // Each promise named as received was answered in this round, with exactly the vote the panel quotes.
  for (const [a, vote] of heard) {
    const said = since.find((l) => l.startsWith(`${long(a)}: I `));
    assert.ok(said, `${where}: the panel quotes ${a}'s promise, which was never given: ${text}`);
    if (vote === 'no vote') assert.equal(said, `${long(a)}: I have no idea.`, where);
    else {
      const [dish, round] = vote.split('@');
      assert.equal(said, `${long(a)}: I already accepted ${dish} in round ${round}.`, where);
    }
  }
  // ...and the leader counted exactly that many.
  const counts = since.map((l) => /has (\d+) of (\d+) promises for round (\d+)\.$/.exec(l)).filter((x) => x && x[3] === r);
  const counted = counts.length ? Number(counts.at(-1)[1]) : 0;
  assert.equal(counted, heard.length, `${where}: promises received vs the leader's count: ${text}`);
  if (/waits for/.test(text)) {
    assert.ok(!since.some((l) => l.includes(`Let's try agree on`) && l.endsWith(`in round ${r}.`)), `${where}: waits, yet proposed`);
  }
  const proposes = /so round \d+ proposes (?:the leader's own )?(.+?)\./.exec(text);
  if (proposes) {
    assert.ok(since.some((l) => l.endsWith(`Let's try agree on ${proposes[1]} in round ${r}.`)), `${where}: ${text}`);
  }
  const both = /^(.*?) (?:is|are) in both quorums/.exec(text);
  assert.deepEqual(chamberBoth, both ? names(both[1]) : [], `${where}: the chamber marks whom the panel names: ${text}`);
}

async function overlapTexts(page) {
  return (await page.locator('.safety .overlap-why').allTextContents()).map((s) => s.trim());
}

async function chamberBoth(page) {
  const tagged = await page.locator('[data-node]').evaluateAll((els) =>
    els.filter((e) => [...e.querySelectorAll('text')].some((t) => t.textContent === 'in both quorums')).map((e) => e.getAttribute('data-node')));
  return tagged.sort();
}

test('every Synod tour step: the overlap panel and the chamber say only what the transcript shows', async () => {
  const { page, context, problems } = await open(env.browser, `${env.server.url}/#tour=1/1`);
  let checked = 0;
  for (let number = 1; number <= 6; number += 1) {
    await page.goto(`${env.server.url}/#tour=${number}/1`);
    await page.reload();
    const pos = page.locator('#tour-pos');
    await pos.waitFor();
    const total = Number(/^1 of (\d+)$/.exec(await pos.textContent())[1]);
    for (let k = 1; k <= total; k += 1) {
      if (k > 1) {
        await page.keyboard.press('ArrowRight');
        const deadline = Date.now() + 5000;
        while ((await pos.textContent()) !== `${k} of ${total}` && Date.now() < deadline) await page.waitForTimeout(30);
        assert.equal(await pos.textContent(), `${k} of ${total}`);
      }
      await page.waitForTimeout(60);
      const where = `tour ${number} step ${k}`;
      const all = await lines(page);
      const texts = await overlapTexts(page);
      const tagged = await chamberBoth(page);
      if (texts.length === 0) assert.deepEqual(tagged, [], `${where}: tags without a panel line`);
      for (const t of texts) {
        checkOverlap(t, all, texts.length === 1 ? tagged : names(/^(.*?) (?:is|are) in both quorums/.exec(t)?.[1] ?? ''), where);
        checked += 1;
      }
      // A caption that says who is in both quorums agrees with the chamber.
      const caption = await page.locator('#tour-caption').textContent();
      const said = /here (A\d) is in both quorums/.exec(caption);
      if (said) assert.deepEqual(tagged, [said[1]], `${where}: caption vs chamber`);
    }
  }
  assert.ok(checked >= 5, `only ${checked} overlap paragraphs were checked`);
  assert.deepEqual(problems, []);
  await context.close();
});

/** Every check line, the chosen and learned lines and termination, against the transcript so far. */
async function checkBrokenStep(page, where) {
  const all = await lines(page);
  for (const li of await page.locator('.safety li.check[data-invariant]').all()) {
    const inv = await li.getAttribute('data-invariant');
    if (inv === 'termination') continue;
    const title = (await li.locator('strong').textContent()).trim();
    const broke = all.some((l) => l.startsWith(`!! Invariant broken — ${title}:`));
    const cls = await li.getAttribute('class');
    assert.equal(/\bbroken\b/.test(cls), broke, `${where}: ${title} is shown ${cls}, transcript says broken=${broke}`);
  }
  const chosen = (await page.locator('.safety dd.chosen').textContent()).trim();
  const one = /^(\w+) is chosen: ([A-Z0-9, ]+) accepted it in round (\d+), a majority\.$/.exec(chosen);
  const claims = one
    ? [{ dish: one[1], round: one[3], voters: names(one[2]) }]
    : [...chosen.matchAll(/(\w+) chosen in round (\d+) by ([A-Z0-9, ]+?)(?=;|\.$)/g)].map((m) => ({ dish: m[1], round: m[2], voters: names(m[3]) }));
  if (!chosen.startsWith('Nothing is chosen')) assert.ok(claims.length > 0, `${where}: unparsed chosen line ${chosen}`);
  for (const c of claims) {
    assert.ok(c.voters.length > 0, `${where}: ${chosen}`);
    for (const a of c.voters) {
      assert.ok(all.includes(`${long(a)}: OK. Accept ${c.dish} in round ${c.round}.`), `${where}: ${a} accepted ${c.dish}@${c.round}? ${chosen}`);
    }
  }
  const learned = (await page.locator('.safety dd.learned').textContent()).trim();
  const perValue = [...learned.matchAll(/(\w+) by ([AL0-9, ]+?)(?=[.;])/g)].map((m) => [m[1], names(m[2])]);
  for (const [dish, nodes] of perValue) {
    for (const n of nodes) {
      const decided = all.some((l) => l === `${long(n)}: Yay, ${dish}!` || l === `${long(n)}: I see we have agreed on ${dish} in round ${l.match(/round (\d+)\.$/)?.[1]}.`);
      assert.ok(decided, `${where}: ${n} listed as deciding ${dish}: ${learned}`);
    }
  }
  for (const l of all) {
    const kept = /^(Acceptor|Leader) (\d) hears (\w+) was decided, but it had decided (\w+)!$/.exec(l);
    if (kept) {
      const n = `${kept[1][0]}${kept[2]}`;
      const wrongly = perValue.find(([dish, nodes]) => dish === kept[3] && nodes.includes(n) && !all.includes(`${long(n)}: Yay, ${kept[3]}!`) && !all.some((x) => x.startsWith(`${long(n)}: I see we have agreed on ${kept[3]}`)));
      assert.ok(!wrongly, `${where}: ${n} kept ${kept[4]} but is listed under ${kept[3]}: ${learned}`);
    }
  }
  const term = page.locator('.safety li.termination');
  const termText = (await term.textContent()).trim();
  if (perValue.length > 1) {
    assert.match(await term.getAttribute('class'), /\bbroken\b/, `${where}: ${termText}`);
    assert.doesNotMatch(termText, /done|Nothing is chosen/, `${where}: ${termText}`);
  }
  if (claims.length > 1) assert.doesNotMatch(termText, /done|Nothing is chosen/, `${where}: ${termText}`);
  return { chosen, learned, termText, all };
}

for (const [preset, check] of [
  ['Broken: amnesia', (last) => {
    assert.match(last.chosen, /Thai chosen in round 1 by A1, A2; Taco chosen in round 2 by A2, A3/);
    assert.ok(last.all.includes('Acceptor 2 is back with a blank ledger (amnesia): no promise, accepted nothing.'));
    assert.ok(!last.all.some((l) => l.includes('ledger intact')));
  }],
  ['Broken: minority quorums', (last) => {
    assert.match(last.learned, /Thai by A1, A2, A3, L1, L2; Taco by L2/);
    assert.match(last.termText, /Nodes decided different values/);
  }],
]) {
  test(`${preset}: every panel line agrees with the transcript at every step`, async () => {
    const { page, context, problems } = await open(env.browser, `${env.server.url}/`);
    await page.locator('#preset').selectOption({ label: preset });
    await page.locator('#reset').click();
    const step = page.getByRole('button', { name: 'Step ▶' });
    let n = 0;
    let last = await checkBrokenStep(page, `${preset} step 0`);
    while (await step.isEnabled()) {
      await step.click();
      n += 1;
      await page.waitForTimeout(40);
      last = await checkBrokenStep(page, `${preset} step ${n}`);
    }
    assert.ok(n > 10, `${preset}: ${n} steps`);
    // "Promises only go up" stays broken after the step that broke it.
    if (preset === 'Broken: amnesia') {
      // The table in the chamber shows both chosen values too.
      assert.equal(await page.locator('.chamber-svg .table-text').textContent(), 'Broken: 2 values are chosen');
      const sub = await page.locator('.chamber-svg .table-sub').allTextContents();
      assert.ok(sub.includes('Thai in round 1, by A1, A2') && sub.includes('Taco in round 2, by A2, A3'), sub.join(' | '));
      assert.match(await page.locator('.safety li.check[data-invariant="promise_monotonic"]').getAttribute('class'), /\bbroken\b/);
    }
    check(last);
    assert.deepEqual(problems, []);
    await context.close();
  });
}
