// Ready for the lecture hall: presentation mode, clicker keys, share links, export/import, autosave,
// names shown as text, and the Content-Security-Policy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { setup, teardown, open, transcript, OUT, ROOT, waitCount, waitAttr, waitText } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await teardown(env); });

const position = (page) => page.locator('.position').first();
const hash = (page) => page.locator('#trace-hash').textContent();


/** Waits until the autosave in localStorage holds `step` for the synod run (the cursor, or the end). */
async function waitSaved(page, predicate) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const saved = await page.evaluate(() => localStorage.getItem('lunch-parliament/workspace/v1'));
    if (saved && predicate(JSON.parse(saved))) return JSON.parse(saved);
    if (Date.now() > deadline) throw new Error(`autosave never matched; last: ${saved?.slice(0, 200)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('presentation mode at 1280×720: F, ?, Esc, number keys, nothing fires while typing', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  const root = page.locator('.page');
  await page.keyboard.press('f');
  await waitAttr(root, 'class', /\bpresenting\b/);
  // Large type: the root font grows, the set-up panel is out of the way, the chamber stays.
  const size = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  assert.ok(size >= 19, `root font ${size}px while presenting`);
  assert.equal(await page.locator('.setup').first().isVisible(), false);
  assert.ok(await page.getByRole('group', { name: 'The chamber' }).isVisible());
  await page.screenshot({ path: path.join(OUT, 'presenting-1280x720.png') });

  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard and clicker' });
  await dialog.waitFor();
  await dialog.getByText('presentation mode: full screen, large type').waitFor();
  await page.screenshot({ path: path.join(OUT, 'shortcuts-1280x720.png') });
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.match(await root.getAttribute('class'), /\bpresenting\b/, 'Esc closed only the overlay');

  // Presenting hides the set-up panels; the number keys still switch tabs.
  await page.keyboard.press('2');
  await page.locator('.log-strip').waitFor();
  await page.screenshot({ path: path.join(OUT, 'presenting-corfu-1280x720.png') });
  await page.keyboard.press('1');
  await page.getByRole('group', { name: 'The chamber' }).waitFor();
  await page.keyboard.press('Escape');
  await waitAttr(root, 'class', /^(?!.*\bpresenting\b)/);

  // Typing in a field: no shortcut fires.
  const before = await position(page).textContent();
  const title = page.getByLabel('Scenario title');
  await title.fill('');
  await title.type('f2? P → ok');
  assert.equal(await title.inputValue(), 'f2? P → ok');
  await title.press('ArrowRight');
  await title.press('PageDown');
  assert.doesNotMatch(await root.getAttribute('class'), /\bpresenting\b/);
  assert.equal(await page.getByRole('dialog').count(), 0);
  assert.equal(await position(page).textContent(), before);
  await page.getByLabel('Preset', { exact: true }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('clicker keys step and rewind on both tabs', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  await page.getByLabel('Preset', { exact: true }).selectOption({ label: 'Round 8' });
  // A button just clicked keeps the focus, but the clicker's Space steps rather than pressing it again.
  await page.getByRole('button', { name: '⟲ Reset' }).click();
  await waitText(position(page), /^Step 0 of/);
  for (const key of [' ', 'PageDown', 'ArrowRight']) await page.keyboard.press(key);
  await waitText(position(page), /^Step 3 of/);
  await page.keyboard.press('PageUp');
  await page.keyboard.press('ArrowLeft');
  await waitText(position(page), /^Step 1 of/);
  // So does a slider just dragged: PageDown steps forward, it does not move the slider back.
  await page.getByLabel('Timeline').click();
  const dragged = Number(/^Step (\d+)/.exec(await position(page).textContent())[1]);
  await page.keyboard.press('PageDown');
  await waitText(position(page), new RegExp(`^Step ${dragged + 1} of`));
  await page.getByLabel('Timeline').fill('1');
  await waitText(position(page), /^Step 1 of/);
  // Reached by Tab, a button gets Space as usual.
  await page.getByRole('button', { name: 'Step ▶' }).focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press(' ');
  await waitText(position(page), /^Step 2 of/);
  await page.keyboard.press('ArrowLeft');
  await waitText(position(page), /^Step 1 of/);

  await page.keyboard.press('2');
  await page.getByLabel('CORFU preset').waitFor();
  const start = await position(page).textContent();
  const n = Number(/^Step (\d+)/.exec(start)[1]);
  await page.keyboard.press('PageUp');
  await waitText(position(page), new RegExp(`^Step ${Math.max(n - 1, 0)} of`));
  await page.keyboard.press('PageDown');
  await page.keyboard.press('PageDown');
  await waitText(position(page), new RegExp(`^Step ${Math.max(n - 1, 0) + 2} of`));
  // Esc while presenting with a client selected closes the inspector only; the next Esc leaves presenting.
  await page.keyboard.press('f');
  await waitAttr(page.locator('.page'), 'class', /\bpresenting\b/);
  await page.locator('[data-node="C1"]').click();
  await page.locator('.inspector:not(.idle)').waitFor();
  await page.keyboard.press('Escape');
  await page.locator('.inspector.idle').waitFor({ state: 'attached' });
  assert.match(await page.locator('.page').getAttribute('class'), /\bpresenting\b/);
  await page.keyboard.press('Escape');
  await waitAttr(page.locator('.page'), 'class', /^(?!.*\bpresenting\b)/);
  // Back on the synod tab, its run is where we left it.
  await page.keyboard.press('1');
  await waitText(position(page), /^Step 1 of/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('share link round trip: a fresh browser context opens exactly the same state, both tabs', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  await page.getByLabel('Preset', { exact: true }).selectOption({ label: 'Leader crashes after learn' });
  await page.getByRole('button', { name: '⟲ Reset' }).click();
  for (let i = 0; i < 9; i += 1) await page.keyboard.press('ArrowRight');
  await waitText(position(page), /^Step 9 of/);
  await page.getByRole('button', { name: 'Copy link' }).click();
  const link = await page.locator('#share-link').inputValue();
  assert.match(link, /#scenario=1\.[A-Za-z0-9_-]+$/);
  const want = { hash: await hash(page), pos: await position(page).textContent() };

  const other = await open(env.browser, link);
  await waitText(position(other.page), /^Step 9 of/);
  assert.equal(await hash(other.page), want.hash);
  assert.equal(await position(other.page).textContent(), want.pos);
  assert.equal(await other.page.getByLabel('Preset', { exact: true }).inputValue(), await page.getByLabel('Preset', { exact: true }).inputValue());
  // The link was consumed: a reload brings back the autosave, which already holds the shared run.
  assert.doesNotMatch(other.page.url(), /#scenario=/);
  await other.page.reload();
  await transcript(other.page).waitFor();
  await waitText(position(other.page), /^Step 9 of/);
  assert.equal(await hash(other.page), want.hash);
  assert.deepEqual(other.problems, []);
  await other.context.close();

  // The CORFU tab's run travels the same way.
  await page.keyboard.press('2');
  await page.getByLabel('CORFU preset').selectOption({ label: 'Unit crash and reconfigure' });
  for (let i = 0; i < 5; i += 1) await page.keyboard.press('PageDown');
  await page.getByRole('button', { name: 'Copy link' }).click();
  let corfuLink = link;
  for (let i = 0; i < 100 && corfuLink === link; i += 1) {
    await new Promise((r) => setTimeout(r, 50));
    corfuLink = await page.locator('#share-link').inputValue();
  }
  assert.notEqual(corfuLink, link);
  const corfuPos = await position(page).textContent();
  const third = await open(env.browser, corfuLink);
  await third.page.getByLabel('CORFU preset').waitFor();
  assert.equal(await position(third.page).textContent(), corfuPos);
  assert.equal(
    await third.page.locator('.log-strip').innerText(),
    await page.locator('.log-strip').innerText(),
  );
  assert.deepEqual(third.problems, []);
  await third.context.close();
  // Pasted into the address bar of a page showing the Synod tab, the CORFU link opens in its tab.
  const fourth = await open(env.browser, env.server.url + '/');
  await fourth.page.evaluate((h) => { location.hash = h; }, corfuLink.slice(corfuLink.indexOf('#') + 1));
  await fourth.page.locator('.log-strip').waitFor();
  assert.equal(await position(fourth.page).textContent(), corfuPos);
  assert.deepEqual(fourth.problems, []);
  await fourth.context.close();
  assert.deepEqual(problems, []);
  await context.close();
});

test('export then import (file chooser and drag-and-drop) gives the same run; the CLI reads the file', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  await page.getByLabel('Preset', { exact: true }).selectOption({ label: 'Stale leader' });
  await page.getByRole('button', { name: '◀ Back' }).click();
  await page.getByRole('button', { name: '◀ Back' }).click();
  const want = { hash: await hash(page), pos: await position(page).textContent() };
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export' }).click(),
  ]);
  const file = path.join(OUT, download.suggestedFilename());
  await download.saveAs(file);
  assert.match(path.basename(file), /^lunch-parliament-stale-leader\.json$/);
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.equal(json.version, 1);
  assert.equal(json.title, 'Stale leader');
  // Same JSON as the CLI: it replays the file.
  const cli = execFileSync(path.join(ROOT, 'target', 'release', 'parliament'), ['replay', file]).toString();
  assert.match(cli, /Leader 2: We now start round 10\./);

  const fresh = await open(env.browser, env.server.url + '/');
  const first = await hash(fresh.page);
  assert.notEqual(first, want.hash);
  await fresh.page.locator('#import-file').setInputFiles(file);
  await fresh.page.locator('#page-notice').getByText(`Opened “${path.basename(file)}”.`).waitFor();
  assert.equal(await hash(fresh.page), want.hash);
  assert.equal(await position(fresh.page).textContent(), want.pos);
  // An import replaces the work on screen, with an undo; once the work moves on, the undo is withdrawn.
  await fresh.page.getByRole('button', { name: 'Undo' }).click();
  await waitText(fresh.page.locator('#trace-hash'), new RegExp(`^${first}$`));
  await fresh.page.locator('#import-file').setInputFiles(file);
  await waitText(fresh.page.locator('#trace-hash'), new RegExp(`^${want.hash}$`));
  await fresh.page.keyboard.press('ArrowLeft');
  await waitCount(fresh.page.getByRole('button', { name: 'Undo' }), 0, 'undo withdrawn after a step');
  await fresh.page.keyboard.press('ArrowRight');
  await waitText(fresh.page.locator('#trace-hash'), new RegExp(`^${want.hash}$`));

  // Drag and drop onto the page.
  await fresh.page.getByLabel('Preset', { exact: true }).selectOption({ label: 'Round 8' });
  assert.notEqual(await hash(fresh.page), want.hash);
  const text = fs.readFileSync(file, 'utf8');
  const dt = await fresh.page.evaluateHandle((t) => {
    const d = new DataTransfer();
    d.items.add(new File([t], 'dropped.json', { type: 'application/json' }));
    return d;
  }, text);
  await fresh.page.locator('.page').dispatchEvent('dragover', { dataTransfer: dt });
  await fresh.page.locator('.page').dispatchEvent('drop', { dataTransfer: dt });
  await fresh.page.locator('#page-notice').getByText('Opened “dropped.json”.').waitFor();
  assert.equal(await hash(fresh.page), want.hash);
  assert.deepEqual(fresh.problems, []);
  await fresh.context.close();
  assert.deepEqual(problems, []);
  await context.close();
});

test('reload restores the scenario and step; New clears it, with undo', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  await page.getByLabel('Preset', { exact: true }).selectOption({ label: 'Dueling leaders' });
  for (let i = 0; i < 12; i += 1) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('2');
  await page.getByLabel('CORFU preset').selectOption({ label: 'Slow writer loses the race' });
  await page.keyboard.press('PageUp');
  const corfuPos = await position(page).textContent();
  await page.keyboard.press('1');
  const want = { hash: await hash(page), pos: await position(page).textContent() };
  await waitSaved(page, (s) => s.tab === 'synod' && s.synod.title === 'Dueling leaders' && s.corfu.title === 'Slow writer loses the race');

  await page.reload();
  await transcript(page).waitFor();
  await waitText(position(page), new RegExp(`^${want.pos}$`));
  assert.equal(await hash(page), want.hash);
  await page.keyboard.press('2');
  await waitText(position(page), new RegExp(`^${corfuPos}$`));
  await page.keyboard.press('1');

  await page.getByRole('button', { name: 'New', exact: true }).click();
  await page.locator('#page-notice').getByText('Started afresh').waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('lunch-parliament/workspace/v1')), null);
  assert.equal(await page.getByLabel('Preset', { exact: true }).locator('option:checked').textContent(), 'Round 10');
  await page.getByRole('button', { name: 'Undo' }).click();
  await waitText(position(page), new RegExp(`^${want.pos}$`));
  assert.equal(await hash(page), want.hash);
  await waitSaved(page, (s) => s.synod.title === 'Dueling leaders');
  await page.reload();
  await transcript(page).waitFor();
  await waitText(position(page), new RegExp(`^${want.pos}$`));
  assert.deepEqual(problems, []);
  await context.close();
});

test('a name typed as markup is shown as text and runs nothing', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  const evil = '<img src=x onerror=alert(1)>';
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  await page.getByLabel('Preset', { exact: true }).selectOption({ label: 'One round, no trouble' });
  await page.getByRole('button', { name: '⟲ Reset' }).click();
  await page.getByLabel('Scenario title').fill(evil);
  await page.locator('#footer-title').getByText(evil, { exact: false }).waitFor();
  // A dish with the same name, proposed in a round of its own.
  await page.locator('[data-node="L1"]').click();
  await page.getByLabel('Dish').fill(evil);
  await page.getByRole('button', { name: /Start round/ }).click();
  for (let i = 0; i < 40 && (await page.getByRole('button', { name: 'Step ▶' }).isEnabled()); i += 1) {
    await page.getByRole('button', { name: 'Step ▶' }).click();
  }
  await transcript(page).getByText(evil, { exact: false }).first().waitFor();
  // The diagram (drawn by the core as SVG text) escapes it too.
  await page.getByRole('button', { name: 'Space-time diagram' }).click();
  await page.locator('.spacetime-wrap svg').waitFor();
  assert.equal(await page.locator('img').count(), 0, 'no <img> element was made');
  assert.deepEqual(dialogs, []);
  // And it survives a share link as text.
  await page.getByRole('button', { name: 'Copy link' }).click();
  const other = await open(env.browser, await page.locator('#share-link').inputValue());
  await other.page.locator('#footer-title').getByText(evil, { exact: false }).waitFor();
  assert.equal(await other.page.locator('img').count(), 0);
  await other.context.close();
  assert.deepEqual(problems, []);
  await context.close();
});

test('the Content-Security-Policy allows only the app’s own files and the app works under it', async () => {
  const html = fs.readFileSync(path.join(ROOT, 'dist', 'index.html'), 'utf8');
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
  assert.ok(csp, 'the built page carries a policy');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
  assert.match(csp, /style-src 'self' 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|'unsafe-hashes'|inline-boot-script|inline-diagram-style|\*|https?:/);

  const context = await env.browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(env.server.url + '/');
  await transcript(page).waitFor();
  // Exercise what draws: stepping, the diagram, the CORFU tab, presenting, a tour.
  for (let i = 0; i < 5; i += 1) await page.keyboard.press('ArrowRight');
  await page.getByRole('button', { name: 'Space-time diagram' }).click();
  await page.locator('.spacetime-wrap svg').waitFor();
  await page.keyboard.press('2');
  await page.getByLabel('CORFU preset').waitFor();
  await page.keyboard.press('PageDown');
  await page.keyboard.press('f');
  await page.keyboard.press('Escape');
  await page.getByLabel('Guided tour').selectOption({ index: 1 });
  await page.locator('#tour-caption').waitFor();
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(problems, []);

  // The policy is really in force: an injected inline script is refused (and reported).
  const ran = await page.evaluate(() => {
    window.__ran = false;
    const s = document.createElement('script');
    s.textContent = 'window.__ran = true';
    document.body.appendChild(s);
    return window.__ran;
  });
  assert.equal(ran, false);
  await page.waitForFunction(() => window.__violations.length === 1);
  assert.match((await page.evaluate(() => window.__violations))[0], /^script-src/);
  await context.close();
});

test('a browser that forbids storage: the page works, says once that autosave is off', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
    });
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(env.server.url + '/');
  await transcript(page).waitFor();
  for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowRight');
  await page.locator('#page-error').getByText('Autosave is off').waitFor();
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await page.getByRole('button', { name: 'Undo' }).click();
  for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowLeft');
  await waitText(position(page), /^Step 22 of/);
  assert.equal(await page.locator('#page-error').count() <= 1, true);
  assert.deepEqual(problems, []);
  await context.close();
});
