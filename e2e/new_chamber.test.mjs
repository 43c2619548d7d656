// The New-chamber form: what is typed is kept; a bad value is refused with a message naming it, and the
// chamber on screen stays as it was; the quorum rule is chosen here and shown in the chamber.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, teardown, open } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await teardown(env); });

test('New chamber: refusals name the field, the work stays; the quorum rule is chosen and shown', async () => {
  const { page, context, problems } = await open(env.browser, `${env.server.url}/`);
  await page.locator('#preset').selectOption({ label: 'Round 10' });
  const hash = await page.locator('#trace-hash').textContent();
  const table = page.locator('.chamber-svg .quorum-rule');
  assert.equal(await table.textContent(), 'a leader waits for its whole quorum (as on the slides)');
  await page.getByText('New chamber…').click();
  const form = page.locator('.fresh-fields');
  const field = (label) => form.getByLabel(label, { exact: true });
  const refusal = form.getByRole('alert');
  const open_ = form.getByRole('button', { name: 'Open this chamber' });

  for (const [set, message] of [
    [{ Acceptors: '10' }, 'Not opened: 10 acceptors is out of range: choose 3 to 9.'],
    [{ Acceptors: '5', Leaders: '4' }, 'Not opened: 4 leaders is out of range: choose 1 to 3.'],
    [{ Leaders: '2', 'Latency min': '5', 'Latency max': '1' }, 'Not opened: latency 5..1 is not allowed: need 1 <= min <= max <= 1000.'],
  ]) {
    for (const [label, value] of Object.entries(set)) await field(label).fill(value);
    await open_.click();
    assert.equal((await refusal.textContent()).trim(), message);
    // What was typed is still there, not silently replaced.
    for (const [label, value] of Object.entries(set)) assert.equal(await field(label).inputValue(), value);
    // The chamber on screen is untouched.
    assert.equal(await page.locator('#trace-hash').textContent(), hash);
    assert.equal(await page.locator('#preset').inputValue(), await page.locator('#preset option', { hasText: 'Round 10' }).getAttribute('value'));
  }
  // Typing again clears the message; a good form opens, with Paxos Made Simple's rule.
  await field('Latency max').fill('6');
  assert.equal(await refusal.count(), 0);
  await form.getByLabel('Leader waits for').selectOption('any_majority');
  await open_.click();
  await page.getByText('A fresh chamber: click a leader to start a round.').waitFor();
  assert.equal(await table.textContent(), 'a leader waits for any majority (Paxos Made Simple)');
  assert.equal(await page.locator('.chamber-svg [data-node^="A"]').count(), 5);
  assert.equal(await page.locator('.chamber-svg [data-node^="L"]').count(), 2);
  assert.deepEqual(problems, []);
  await context.close();
});
