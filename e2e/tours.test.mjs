// The eight guided tours, each from start to end with the clicker's keys; every step addressable by URL;
// leaving a tour keeps the run to play on from.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { setup, teardown, open, transcript, OUT } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await teardown(env); });

async function waitFor(read, want, what) {
  const deadline = Date.now() + 5000;
  let seen = await read();
  while (seen !== want && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    seen = await read();
  }
  assert.equal(seen, want, what);
}

/** What identifies the state on screen: the open tab's run and step (synod hash, or CORFU strip). */
async function snapshot(page) {
  const corfu = await page.locator('.log-strip').count();
  return {
    caption: await page.locator('#tour-caption').textContent(),
    pos: await page.locator('.position').first().textContent(),
    state: corfu ? await page.locator('.log-strip').innerText() : await page.locator('#trace-hash').textContent(),
  };
}

const last = {
  1: async (page) => transcript(page).getByText(/agreed on Pizza/).first().waitFor(),
  2: async (page) => transcript(page).getByText('Yay, Taco!', { exact: false }).first().waitFor(),
  4: async (page) => transcript(page).getByText('Acceptor 4: Yay, Taco!').waitFor(),
  6: async (page) => page.locator('.banner.decided').waitFor(),
  7: async (page) => page.locator('td.cell.junk').first().waitFor(),
  8: async (page) => page.locator('.week-grid').getByText(/Taco/).first().waitFor(),
};

// The lecture's order: the synod's tours, then the week of lunches (8), then CORFU (7).
const PLAYLIST = [1, 2, 3, 4, 5, 6, 8, 7];

for (let number = 1; number <= 8; number += 1) {
  test(`tour ${number}: start to end by keys, each step addressable, leave and keep playing`, async () => {
    const { page, context, problems } = await open(env.browser, `${env.server.url}/#tour=${number}/1`);
    const pos = page.locator('#tour-pos');
    await pos.waitFor();
    const total = Number(/^1 of (\d+)$/.exec(await pos.textContent())[1]);
    assert.ok(total >= 5, `tour ${number} has ${total} steps`);
    assert.match(await page.locator('.tour-bar h2').textContent(), new RegExp(`^Tour ${number} · `));
    const seen = [await snapshot(page)];
    for (let k = 2; k <= total; k += 1) {
      await page.keyboard.press(k % 2 ? 'ArrowRight' : 'PageDown');
      await waitFor(() => pos.textContent(), `${k} of ${total}`, `tour ${number} step ${k}`);
      assert.ok(page.url().endsWith(`#tour=${number}/${k}`), page.url());
      seen.push(await snapshot(page));
      assert.notEqual(seen[k - 1].caption, seen[k - 2].caption, 'each step has its own caption');
    }
    if (last[number]) await last[number](page);
    if (number === 2) await page.screenshot({ path: path.join(OUT, `tour-${number}-end-1280x720.png`) });
    // The clicker goes back a caption; past the end it goes on to the next tour (the tours are one
    // lecture), and back from there to this tour's last caption. Past the last tour's end, nothing.
    await page.keyboard.press('PageUp');
    await waitFor(() => pos.textContent(), `${total - 1} of ${total}`, 'back one caption');
    assert.deepEqual(await snapshot(page), seen[total - 2]);
    await page.keyboard.press('PageDown');
    await waitFor(() => pos.textContent(), `${total} of ${total}`, 'the last caption');
    await page.keyboard.press('PageDown');
    const heading = () => page.locator('.tour-bar h2').textContent().then((t) => Number(/^Tour (\d+)/.exec(t)[1]));
    const next = PLAYLIST[PLAYLIST.indexOf(number) + 1];
    if (next) {
      await waitFor(heading, next, 'on to the next tour');
      assert.match(await pos.textContent(), /^1 of \d+$/);
      assert.ok(page.url().endsWith(`#tour=${next}/1`), page.url());
      await page.keyboard.press('ArrowLeft');
      await waitFor(heading, number, 'back to this tour');
    }
    await waitFor(() => pos.textContent(), `${total} of ${total}`, 'at the end of this tour');
    assert.deepEqual(await snapshot(page), seen[total - 1]);

    // Any step opens straight from its URL, in a fresh browser, exactly as reached by stepping.
    const k = Math.ceil(total / 2);
    const direct = await open(env.browser, `${env.server.url}/#tour=${number}/${k}`);
    await waitFor(() => direct.page.locator('#tour-pos').textContent(), `${k} of ${total}`, 'direct link');
    assert.deepEqual(await snapshot(direct.page), seen[k - 1]);
    assert.deepEqual(direct.problems, []);
    await direct.context.close();

    // Leave the tour and keep playing from here: the keys step the run again.
    const before = await page.locator('.position').first().textContent();
    await page.getByRole('button', { name: /keep playing/ }).click();
    await page.locator('.tour-bar').waitFor({ state: 'detached' });
    assert.equal(await page.locator('.position').first().textContent(), before, 'the run stayed');
    assert.ok(!page.url().includes('#tour='), 'the address no longer names the tour');
    await page.keyboard.press('ArrowLeft');
    await waitFor(async () => (await page.locator('.position').first().textContent()) !== before, true, 'the clicker steps the run');
    assert.deepEqual(problems, []);
    await context.close();
  });
}

const saved = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('lunch-parliament/workspace/v1') ?? 'null'));

test('a tour starts from the menu, does not overwrite saved work, and Esc leaves it', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  await page.getByLabel('Preset', { exact: true }).selectOption({ label: 'Stale leader' });
  for (let i = 0; i < 200 && (await saved(page))?.synod?.title !== 'Stale leader'; i += 1) await page.waitForTimeout(50);
  assert.equal((await saved(page)).synod.title, 'Stale leader');
  await page.getByLabel('Guided tour').selectOption('5');
  await page.locator('#tour-pos').getByText(/^1 of \d+$/).waitFor();
  assert.ok(page.url().endsWith('#tour=5/1'));
  await page.keyboard.press('f');
  await page.keyboard.press('PageDown');
  await page.locator('#tour-pos').getByText(/^2 of \d+$/).waitFor();
  await page.screenshot({ path: path.join(OUT, 'tour-5-presenting-1280x720.png') });
  await page.waitForTimeout(600);
  assert.equal((await saved(page)).synod.title, 'Stale leader', 'the tour did not replace the saved work');
  await page.keyboard.press('Escape');
  await page.locator('.tour-bar').waitFor({ state: 'detached' });
  // Left, the run is the student's own, and saved; Undo brings back the work from before the tour.
  for (let i = 0; i < 200 && (await saved(page)).synod.title === 'Stale leader'; i += 1) await page.waitForTimeout(50);
  assert.equal((await saved(page)).synod.title, 'Two of five crash');
  await page.getByRole('button', { name: 'Undo' }).click();
  for (let i = 0; i < 100 && (await page.getByLabel('Scenario title').inputValue()) !== 'Stale leader'; i += 1) await page.waitForTimeout(50);
  assert.equal(await page.getByLabel('Scenario title').inputValue(), 'Stale leader');
  // Esc again leaves presenting; the CORFU tour opens from the Synod tab.
  await page.keyboard.press('Escape');
  await page.getByLabel('Guided tour').selectOption('7');
  await page.locator('.log-strip').waitFor();
  await page.keyboard.press('PageDown');
  await page.locator('#tour-pos').getByText(/^2 of \d+$/).waitFor();
  await page.keyboard.press('1');
  await page.getByRole('group', { name: 'The chamber' }).waitFor();
  await page.locator('#page-notice').getByText('You left the tour').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});
