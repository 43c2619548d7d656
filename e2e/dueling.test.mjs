// Dueling leaders: the livelock happens by itself, and a fix ends it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { setup, teardown, open, transcript, OUT, waitCount } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await teardown(env); });

test('the duel goes on with no decision; randomised backoff ends it with Yay', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  await page.getByLabel('Preset').selectOption({ label: 'Dueling leaders' });
  await page.getByLabel('Speed').selectOption({ label: 'max' });
  await page.getByRole('button', { name: '▶ Play' }).click();
  const count = page.locator('.banner.dueling .count');
  await page.waitForFunction(() => Number(document.querySelector('.banner.dueling .count')?.textContent) > 20, null, { timeout: 30000 });
  const log = transcript(page);
  await waitCount(log.getByText(/Yay/), 0, 'nothing decided');
  assert.ok(Number(await count.textContent()) > 20);
  await log.getByText(/No, I aborted since I'm now participating in round \d+\./).first().waitFor();
  await page.screenshot({ path: path.join(OUT, 'dueling-1280x720.png') });
  // Switch on randomised backoff while it plays.
  await page.getByRole('checkbox', { name: 'Randomised backoff' }).check();
  await log.getByText(/Yay, (Thai|Taco)!/).first().waitFor({ timeout: 30000 });
  await page.locator('.banner.decided').getByText(/wasted by the duel/).waitFor();
  await page.screenshot({ path: path.join(OUT, 'dueling-fixed-1280x720.png') });
  assert.deepEqual(problems, []);
  await context.close();
});
