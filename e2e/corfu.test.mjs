// The CORFU tab: a hole, a reader that waits, and a fill with junk; clients crash by a click.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { setup, teardown, open, transcript, OUT, waitCount, waitAttr } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await teardown(env); });

test('Hole and fill, played by keys; a client crashed by clicking', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  await page.getByRole('button', { name: 'CORFU shared log' }).click();
  await page.getByLabel('CORFU preset').selectOption({ label: 'Hole and fill' });
  const log = transcript(page);
  const hole = page.locator('td.cell[data-position="1"][data-unit="U4"]');
  // Nobody has been given position 1 yet: not a hole, drawn apart from one.
  await waitAttr(hole, 'data-state', /^free$/);
  let crashed = false;
  for (let i = 0; i < 30; i += 1) {
    await page.keyboard.press(i % 2 ? 'PageDown' : 'ArrowRight');
    if (!crashed && (await log.getByText('… C2 crashed before writing position 1: a hole.').count()) > 0) {
      crashed = true;
      // Handed out, its writer crashed, nothing on the way: a hole, on every replica and in the header.
      await waitAttr(hole, 'data-state', /^hole$/);
      await waitAttr(page.locator('td.cell[data-position="1"][data-unit="U3"]'), 'data-state', /^hole$/);
      await waitAttr(page.locator('td.cell[data-position="3"][data-unit="U4"]'), 'data-state', /^free$/);
      await page.screenshot({ path: path.join(OUT, 'corfu-hole-1280x720.png') });
    }
  }
  assert.ok(crashed, 'C2 crashed leaving a hole');
  await page.getByText('Step 30 of 30').waitFor();
  await log.getByText('C1 waited for position 1, then filled it with junk.').waitFor();
  await waitAttr(hole, 'data-state', /^junk$/);
  await waitAttr(page.locator('td.cell[data-position="1"][data-unit="U3"]'), 'data-state', /^junk$/);
  await waitAttr(page.locator('td.cell[data-position="2"][data-unit="U2"]'), 'data-state', /^data$/);
  await page.screenshot({ path: path.join(OUT, 'corfu-1280x720.png') });
  // Back by a key: the junk is gone again.
  for (let i = 0; i < 5; i += 1) await page.keyboard.press('ArrowLeft');
  // The fill has reached the head (U3) but not yet the tail.
  await waitAttr(hole, 'data-state', /^unwritten$/);
  // Crash C3 by clicking it.
  await page.locator('[data-node="C3"]').click();
  await page.getByRole('button', { name: '✖ Crash', exact: true }).click();
  await waitAttr(page.locator('[data-node="C3"]'), 'aria-description', /^Client C3, crashed/);
  await page.getByRole('status').getByText(/History after step \d+ replaced — Undo/).waitFor();
  await log.getByText('… C3 crashed.').waitFor();
  // Every invariant still holds.
  await waitCount(page.locator('.safety .check.broken'), 0);
  await waitCount(page.locator('.safety .check.holds'), 7);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a slow writer loses the race and retries, seen in the strip', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  await page.getByRole('button', { name: 'CORFU shared log' }).click();
  await page.getByLabel('CORFU preset').selectOption({ label: 'Slow writer loses the race' });
  await page.getByLabel('Timeline').fill('100');
  const log = transcript(page);
  await log.getByText("C2's late write to 1 was refused: already written (junk).").first().waitFor();
  assert.equal(await page.locator('td.cell[data-position="2"][data-unit="U2"] .content').textContent(), '“tacos” · C2');
  assert.deepEqual(problems, []);
  await context.close();
});
