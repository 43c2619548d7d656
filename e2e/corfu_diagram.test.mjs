// The CORFU tab's space-time diagram and messenger inspector, both the kit's: the diagram is checked
// against the run (one arrow per messenger sent, the messengers still in flight drawn flying, a dropped
// one ending in a cross, a lane per node), exported and parsed as SVG; the adjustable delay moves a
// messenger's due time by what was typed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setup, teardown, open, OUT, waitAttr } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await teardown(env); });

/** The ids of the messengers in flight, as the cluster draws them. */
async function inFlight(page) {
  return page.locator('.corfu-svg [data-messenger]').evaluateAll((els) => els.map((e) => Number(e.dataset.messenger)));
}

/** "due at time N" in `text`, as a number. */
function due(text) {
  const m = /due at time (\d+)/.exec(text ?? '');
  assert.ok(m, `no due time in "${text}"`);
  return Number(m[1]);
}

test('CORFU: the space-time diagram tells the run, exports as SVG; the delay is adjustable', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  await page.getByRole('button', { name: 'CORFU shared log' }).click();
  await page.getByLabel('CORFU preset').selectOption({ label: 'Hole and fill' });
  // Every messenger sent so far is in flight right after the step that sent it: collect them step by step.
  const sent = new Set(await inFlight(page));
  // Step on until a few steps are done and a messenger is in flight.
  let steps = 0;
  while (steps < 29 && (steps < 6 || (await inFlight(page)).length < 1)) {
    await page.keyboard.press('ArrowRight');
    steps += 1;
    await page.getByText(`Step ${steps} of 30`).waitFor();
    for (const id of await inFlight(page)) sent.add(id);
  }
  assert.ok(sent.size > 5, `messengers seen: ${[...sent]}`);

  // The inspector: delay the first messenger in flight by a time typed in.
  const [first] = await inFlight(page);
  assert.ok(first !== undefined, 'a messenger in flight');
  const chip = page.locator(`.corfu-svg [data-messenger="${first}"]`);
  // Chips may lie close together: select by keyboard (Tab to it, Enter), as a clicker user would.
  await chip.focus();
  await page.keyboard.press('Enter');
  const inspector = page.getByRole('region', { name: 'Selected' });
  const what = inspector.locator('.what');
  const before = due(await what.textContent());
  assert.equal(before, due(await chip.getAttribute('aria-label')));
  const by = inspector.getByLabel('Delay by (time units)');
  await by.fill('37');
  await inspector.getByRole('button', { name: 'Delay by 37', exact: true }).click();
  await waitAttr(chip, 'aria-label', new RegExp(`due at time ${before + 37}\\b`));
  assert.equal(due(await what.textContent()), before + 37);
  // The time typed stays when the inspector is closed and the messenger selected again.
  await page.keyboard.press('Escape');
  await inspector.getByRole('button', { name: 'Delay by 37', exact: true }).waitFor({ state: 'detached' });
  await chip.focus();
  await page.keyboard.press('Enter');
  await inspector.getByRole('button', { name: 'Delay by 37', exact: true }).waitFor();
  // Drop it: its arrow must end in a cross.
  await inspector.getByRole('button', { name: 'Drop', exact: true }).click();
  await inspector.getByText(`Messenger #${first} is no longer in flight.`).waitFor();
  for (const id of await inFlight(page)) sent.add(id);
  const flying = (await inFlight(page)).sort((a, b) => a - b);
  const lanes = await page.locator('.corfu-svg [data-node]').evaluateAll((els) => els.map((e) => e.dataset.node));
  assert.deepEqual(lanes.slice(0, 2), ['S', 'U1']);
  const cursor = steps + 2; // the delay and the drop are steps of the run
  await page.getByText(`Step ${cursor} of ${cursor}`).waitFor();

  // The diagram view, and its export.
  await page.getByRole('button', { name: 'Space-time diagram' }).click();
  const shown = page.locator('.spacetime-wrap svg');
  await shown.waitFor();
  assert.equal(await page.locator('.corfu-svg').count(), 0, 'the diagram takes the cluster’s place');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export SVG' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'lunch-parliament-corfu-diagram.svg');
  const file = path.join(OUT, 'corfu-diagram.svg');
  await download.saveAs(file);
  const text = fs.readFileSync(file, 'utf8');
  fs.rmSync(file, { force: true });
  const parsed = await page.evaluate((svg) => {
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    const ids = (sel) => [...doc.querySelectorAll(sel)].map((g) => Number(g.getAttribute('data-id')));
    return {
      root: doc.documentElement.localName,
      ns: doc.documentElement.namespaceURI,
      errors: doc.getElementsByTagName('parsererror').length,
      label: doc.documentElement.getAttribute('aria-label'),
      rows: doc.querySelectorAll('rect.row').length,
      current: doc.querySelector('rect.row.current')?.getAttribute('data-step'),
      arrows: ids('g.arrow'),
      flying: ids('g.arrow.flying'),
      lost: ids('g.arrow.lost'),
      crosses: doc.querySelectorAll('g.arrow.lost path.cross').length,
      heads: [...doc.querySelectorAll('text.head')].map((t) => t.textContent),
      marks: [...doc.querySelectorAll('text.mark')].map((t) => t.textContent),
    };
  }, text);
  assert.equal(parsed.root, 'svg');
  assert.equal(parsed.ns, 'http://www.w3.org/2000/svg');
  assert.equal(parsed.errors, 0);
  assert.equal(parsed.rows, cursor);
  assert.equal(parsed.current, String(cursor));
  // One arrow per messenger sent so far, each once.
  assert.deepEqual([...parsed.arrows].sort((a, b) => a - b), [...sent].sort((a, b) => a - b));
  assert.equal(parsed.label, `Space-time diagram, ${cursor} steps, ${sent.size} messengers`);
  // What is in flight is drawn flying; the dropped messenger ends in a cross.
  assert.deepEqual([...parsed.flying].sort((a, b) => a - b), flying);
  assert.ok(parsed.lost.includes(first), `lost ${parsed.lost}, dropped ${first}`);
  assert.equal(parsed.crosses, parsed.lost.length);
  // A lane per node, in the cluster's order, named as there (the sequencer in full).
  assert.deepEqual(parsed.heads, lanes.map((n) => (n === 'S' ? 'Sequencer' : n)));
  // The page shows the file that was exported.
  assert.equal(await shown.locator('g.arrow').count(), parsed.arrows.length);
  assert.equal(await shown.getAttribute('aria-label'), parsed.label);
  await page.screenshot({ path: path.join(OUT, 'corfu-diagram-1280x720.png') });

  // Clicking a row jumps to that step; the cluster comes back with its button.
  await page.locator('.spacetime-wrap rect[data-step="5"]').click();
  await page.getByText(`Step 5 of ${cursor}`).waitFor();
  await page.getByRole('button', { name: 'Cluster' }).click();
  await page.locator('.corfu-svg').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('CORFU diagram at the end of Hole and fill: the hole, the wait and the fill are on the lanes', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  await page.keyboard.press('2');
  await page.getByLabel('CORFU preset').selectOption({ label: 'Hole and fill' });
  await page.getByLabel('Timeline').fill('30');
  await page.getByText('Step 30 of 30').waitFor();
  await page.getByRole('button', { name: 'Space-time diagram' }).click();
  const marks = await page.locator('.spacetime-wrap text.mark').allTextContents();
  assert.ok(marks.some((m) => m.includes('✖ crashed: hole at 1')), marks.join(' | '));
  assert.ok(marks.some((m) => m.includes('waits on 1')), marks.join(' | '));
  assert.ok(marks.some((m) => m.includes('✔ filled 1 with junk')), marks.join(' | '));
  await page.screenshot({ path: path.join(OUT, 'corfu-diagram-end-1280x720.png') });
  assert.deepEqual(problems, []);
  await context.close();
});
