// The first page: choose a preset, step it forward and back, in Debian's Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { setup, teardown, open, transcript, stepToEnd, OUT, ROOT, SUBPATH, waitCount } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await teardown(env); });

test('Round 10: step to the end, Yay Taco!, step back and it is gone', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  await page.getByLabel('Preset').selectOption({ label: 'Round 10' });
  const log = transcript(page);
  await assert.doesNotReject(log.getByText('Leader 2: Let\'s try agree on Taco in round 7.').waitFor());
  await waitCount(log.getByText('Yay, Taco!'), 0, 'not decided at the opening step');
  const presses = await stepToEnd(page);
  assert.ok(presses > 10, `stepped ${presses} times`);
  await log.getByText('Leader 1: Let\'s try agree on Taco in round 10.').waitFor();
  await log.getByText('Leader 1: I see we have agreed on Taco in round 10.').waitFor();
  await waitCount(log.getByText('Acceptor 2: Yay, Taco!'), 1);
  await waitCount(log.getByText(/Yay, Taco!/), 4);
  await page.screenshot({ path: path.join(OUT, 'round-10-1280x720.png') });
  await page.getByRole('button', { name: '◀ Back' }).click();
  await waitCount(log.getByText(/Yay, Taco!/), 3, 'one Yay fewer after one step back');
  for (let i = 0; i < 4; i += 1) await page.getByRole('button', { name: '◀ Back' }).click();
  await waitCount(log.getByText(/Yay, Taco!/), 0, 'gone after stepping back past the decision');
  await waitCount(log.getByText('Leader 1: I see we have agreed on Taco in round 10.'), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the trace hash in the browser equals the native one', async () => {
  const native = JSON.parse(
    execFileSync(path.join(ROOT, 'target', 'release', 'parliament'), ['preset', 'round-10', '--json']).toString(),
  );
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  await page.getByLabel('Preset').selectOption({ label: 'Round 10' });
  await stepToEnd(page);
  await page.getByText(`Step ${native.steps} of ${native.steps}`).waitFor();
  assert.equal(await page.locator('#trace-hash').textContent(), native.trace_hash);
  assert.deepEqual(problems, []);
  await context.close();
});

test('works under a sub-path with no request leaving the host, at laptop size', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + SUBPATH, { width: 1920, height: 1080 });
  await page.getByLabel('Preset').selectOption({ label: 'Stale leader' });
  await stepToEnd(page);
  await transcript(page).getByText('Acceptor 3: No, I aborted since I\'m now participating in round 10.').waitFor();
  await page.screenshot({ path: path.join(OUT, 'stale-leader-1920x1080.png') });
  assert.deepEqual(problems, []);
  await context.close();
});
