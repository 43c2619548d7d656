// Hostile and broken input through the page: bad files (chosen or dropped) and bad links each get a
// message naming what is wrong, and the work on screen stays exactly as it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { setup, teardown, open, ROOT } from './helpers.mjs';

let env;
let base;
before(async () => {
  env = await setup();
  base = JSON.parse(execFileSync(path.join(ROOT, 'target', 'release', 'parliament'), ['scenario', 'one-round']).toString());
});
after(async () => { await teardown(env); });

const edit = (f) => {
  const b = structuredClone(base);
  f(b);
  return JSON.stringify(b);
};

/** [file name, contents (string or Buffer), what the message must say] */
function files() {
  const text = JSON.stringify(base, null, 2);
  return [
    ['not-json.json', 'this is lunch, not JSON', 'this is not JSON'],
    ['truncated.json', text.slice(0, 120), 'EOF while parsing'],
    ['wrong-type.json', edit((b) => { b.config.acceptors = 'five'; }), 'at config.acceptors: invalid type: string "five"'],
    ['unknown-version.json', edit((b) => { b.version = 7; }), 'unknown scenario version 7'],
    ['unknown-node.json', edit((b) => { b.actions[0].start_round.leader = 'L7'; }), 'unknown node L7'],
    ['not-in-flight.json', edit((b) => { b.actions.unshift({ deliver: 999 }); }), 'messenger #999 is not in flight'],
    ['huge-number.json', text.replace('"seed": 1', '"seed": 1e400'), 'number out of range'],
    ['deep.json', '['.repeat(100000), 'recursion limit exceeded'],
    ['ten-mb.json', Buffer.alloc(10 * 1024 * 1024, 0x20), 'scenario files are at most'],
    ['step-past-end.json', edit((b) => { b.step = 999; }), 'step 999 is past the end'],
    ['raft.json', edit((b) => { b.protocol = 'raft'; }), 'unknown protocol "raft"'],
    ['empty.json', '', 'not JSON'],
  ];
}

async function state(page) {
  return {
    hash: await page.locator('#trace-hash').textContent(),
    pos: await page.locator('.position').first().textContent(),
    preset: await page.getByLabel('Preset', { exact: true }).inputValue(),
  };
}

async function expectError(page, name, want) {
  const error = page.locator('#page-error');
  const deadline = Date.now() + 5000;
  let text = '';
  while (Date.now() < deadline) {
    text = (await error.count()) ? await error.textContent() : '';
    if (text.includes(want)) return text;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${name}: expected a message with «${want}», saw «${text}»`);
}

test('twelve bad files, chosen or dropped: a clear message each, nothing on screen changes', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  await page.getByLabel('Preset', { exact: true }).selectOption({ label: 'Round 8' });
  const pos = page.locator('.position').first();
  for (let i = 0; i < 100 && !/^Step 16 of /.test(await pos.textContent()); i += 1) await page.waitForTimeout(50);
  await page.keyboard.press('ArrowLeft');
  // Wait for the step back to be on screen before taking what must not change.
  for (let i = 0; i < 100 && !/^Step 15 of /.test(await pos.textContent()); i += 1) await page.waitForTimeout(50);
  assert.match(await pos.textContent(), /^Step 15 of /);
  const before = await state(page);
  let dropped = 0;
  for (const [name, contents, want] of files()) {
    // Clear the previous message so each one is seen fresh.
    await page.getByLabel('Preset', { exact: true }).focus();
    if (dropped % 2 === 0) {
      const buffer = Buffer.isBuffer(contents) ? contents : Buffer.from(contents);
      await page.locator('#import-file').setInputFiles({ name, mimeType: 'application/json', buffer });
    } else {
      const dt = await page.evaluateHandle(([n, t]) => {
        const d = new DataTransfer();
        d.items.add(new File([t], n, { type: 'application/json' }));
        return d;
      }, [name, Buffer.isBuffer(contents) ? contents.toString() : contents]);
      await page.locator('.page').dispatchEvent('drop', { dataTransfer: dt });
    }
    dropped += 1;
    const text = await expectError(page, name, want);
    assert.ok(text.includes(`Could not open “${name}”`), `${name}: names the file: ${text}`);
    assert.ok(text.includes('Nothing on screen changed'), text);
    assert.deepEqual(await state(page), before, `${name}: the work on screen stayed`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('bad links, opened fresh or pasted into the open page: a clear message, the work stays', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  await page.getByLabel('Preset', { exact: true }).selectOption({ label: 'Stale leader' });
  await page.getByRole('button', { name: 'Copy link' }).click();
  const good = await page.locator('#share-link').inputValue();
  const fragment = good.slice(good.indexOf('#') + 1);
  const mid = fragment.length >> 1;
  const flipped = fragment.slice(0, mid) + (fragment[mid] === 'A' ? 'B' : 'A') + fragment.slice(mid + 1);
  const cases = [
    ['truncated', fragment.slice(0, fragment.length - 25), 'this link is damaged'],
    ['cut in half', fragment.slice(0, mid), 'this link is damaged'],
    ['one character edited', flipped, 'this link'],
    ['not base64', 'scenario=1.<script>alert(1)</script>', 'cannot be in a link'],
    ['newer format', 'scenario=9.eNoDAAAAAAE', 'newer version'],
    ['no such tour', 'tour=99/1', 'there is no tour 99'],
    ['tour step past the end', 'tour=2/999', 'tour'],
    ['garbled tour', 'tour=abc', 'tour link is damaged'],
    ['unknown key', 'raft=1', 'does not know'],
  ];
  await page.getByLabel('Preset', { exact: true }).selectOption({ label: 'Round 8' });
  const before = await state(page);
  for (const [name, frag, want] of cases) {
    await page.evaluate((f) => { location.hash = f; }, frag);
    const text = await expectError(page, name, want);
    assert.ok(text.startsWith('This link could not be opened') || text.startsWith('This tour could not be opened'), text);
    assert.deepEqual(await state(page), before, `${name}: the work on screen stayed`);
  }
  // Opened fresh, a bad link still shows a working page (the saved work) and the message.
  const other = await open(env.browser, `${env.server.url}/#${fragment.slice(0, 40)}`);
  await expectError(other.page, 'fresh truncated', 'this link is damaged');
  await other.page.keyboard.press('ArrowRight');
  assert.deepEqual(other.problems, []);
  await other.context.close();
  assert.deepEqual(problems, []);
  await context.close();
});
