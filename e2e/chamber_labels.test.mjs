// The chamber as a person sees it: messenger labels never cover a node, a leader's name, the table or
// each other; podium lines stay in their box; "in quorum" marks only the running round's quorum; a click
// opens the actions where they can be seen; and at 400 px the page still reads and taps well.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { setup, teardown, open, node, OUT, waitCount } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await teardown(env); });

const SIZES = [[1280, 720], [1920, 1080]];

async function openPreset(page, label) {
  await page.getByLabel('Preset', { exact: true }).selectOption({ label });
}

/** Turns motion off, so that what is measured is where things are, not where they are walking. */
async function still(page) {
  await page.getByLabel('Motion').selectOption('off');
}

/** Every overlap in the Synod chamber, in words (empty when the labels are laid out well). */
async function overlaps(page) {
  return page.evaluate(() => {
    const svg = document.querySelector('svg.chamber-svg[aria-label="The chamber"]');
    if (!svg) return ['no chamber'];
    const box = (el) => el.getBoundingClientRect();
    const hit = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
    const labels = [...svg.querySelectorAll('.messengers > g.messenger:not(.gone)')].map((g) => ({
      name: g.getAttribute('aria-label'), r: box(g),
    }));
    const parts = [];
    for (const n of svg.querySelectorAll('g.node')) {
      const who = n.getAttribute('data-node');
      for (const el of n.querySelectorAll('.seat, .podium, text, .decided rect')) {
        parts.push({ name: `${who} ${el.getAttribute('class') || el.localName}${el.textContent ? ` “${el.textContent}”` : ''}`, r: box(el) });
      }
    }
    for (const t of svg.querySelectorAll('.table-text, .table-sub')) parts.push({ name: `table “${t.textContent}”`, r: box(t) });
    const e = box(svg.querySelector('ellipse.table'));
    const [cx, cy, rx, ry] = [(e.left + e.right) / 2, (e.top + e.bottom) / 2, e.width / 2, e.height / 2];
    const onTable = (r) => {
      const x = Math.min(Math.max(cx, r.left + 1), r.right - 1) - cx;
      const y = Math.min(Math.max(cy, r.top + 1), r.bottom - 1) - cy;
      return (x / rx) ** 2 + (y / ry) ** 2 < 1;
    };
    const out = [];
    labels.forEach((l, i) => {
      for (const p of parts) if (hit(l.r, p.r)) out.push(`${l.name} covers ${p.name}`);
      if (onTable(l.r)) out.push(`${l.name} covers the table`);
      for (const o of labels.slice(0, i)) if (hit(l.r, o.r)) out.push(`${l.name} covers ${o.name}`);
    });
    return out;
  });
}

/** Leader lines that leave their podium, in words. */
async function podiumOverflow(page) {
  return page.evaluate(() => {
    const out = [];
    for (const g of document.querySelectorAll('svg.chamber-svg g.node.leader')) {
      const p = g.querySelector('.podium').getBoundingClientRect();
      for (const t of g.querySelectorAll('text')) {
        const r = t.getBoundingClientRect();
        if (r.left < p.left - 0.5 || r.right > p.right + 0.5 || r.top < p.top - 0.5 || r.bottom > p.bottom + 0.5) {
          out.push(`${g.getAttribute('data-node')}: “${t.textContent}” leaves its podium`);
        }
      }
    }
    return out;
  });
}

async function messengerCount(page) {
  return page.locator('svg.chamber-svg .messengers > g.messenger:not(.gone)').count();
}

test('messenger labels never pile up: Dueling leaders played a while, Busy chamber at several steps', async () => {
  for (const [w, h] of SIZES) {
    const { page, context, problems } = await open(env.browser, env.server.url + '/', { width: w, height: h });
    await still(page);
    await openPreset(page, 'Dueling leaders');
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    let seen = 0;
    for (let round = 0; round < 8; round += 1) {
      for (let i = 0; i < 15; i += 1) await page.keyboard.press('ArrowRight');
      await page.waitForTimeout(60);
      seen = Math.max(seen, await messengerCount(page));
      assert.deepEqual(await overlaps(page), [], `Dueling leaders, ${w}x${h}, after ${(round + 1) * 15} steps`);
      assert.deepEqual(await podiumOverflow(page), [], `Dueling leaders podiums, ${w}x${h}`);
    }
    assert.ok(seen >= 3, `the duel keeps messengers walking (${seen})`);
    await page.screenshot({ path: path.join(OUT, `labels-dueling-${w}x${h}.png`) });

    await openPreset(page, 'Busy chamber');
    const timeline = page.getByLabel('Timeline');
    const end = Number(await timeline.getAttribute('max'));
    for (const step of [5, 12, 40, 150, 400, 700, end]) {
      await timeline.fill(String(Math.min(step, end)));
      await page.waitForTimeout(60);
      assert.deepEqual(await overlaps(page), [], `Busy chamber step ${step}, ${w}x${h}`);
      assert.deepEqual(await podiumOverflow(page), [], `Busy chamber podiums step ${step}, ${w}x${h}`);
    }
    await timeline.fill('12');
    await page.waitForTimeout(60);
    await page.screenshot({ path: path.join(OUT, `labels-busy-${w}x${h}.png`) });

    await openPreset(page, 'Stale leader');
    for (let i = 0; i < 40; i += 1) await page.keyboard.press('ArrowRight');
    assert.deepEqual(await podiumOverflow(page), [], `Stale leader podiums, ${w}x${h}`);
    assert.deepEqual(await overlaps(page), [], `Stale leader, ${w}x${h}`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('a counted chip stays reachable: it lists its messengers, and one of them can be acted on', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  await still(page);
  await openPreset(page, 'Busy chamber');
  // Find a step where the chamber is too full to draw every messenger on its own.
  const chip = page.locator('svg.chamber-svg g.messenger.counted').first();
  for (const step of [12, 20, 40, 80, 150, 300, 500]) {
    await page.getByLabel('Timeline').fill(String(step));
    await page.waitForTimeout(50);
    if ((await chip.count()) > 0) break;
  }
  await chip.waitFor();
  const count = Number(await chip.getAttribute('data-count'));
  assert.ok(count >= 2);
  assert.match(await chip.getAttribute('aria-label'), new RegExp(`^${count} messengers from `));
  // By keyboard: focus it and press Enter.
  await chip.focus();
  await page.keyboard.press('Enter');
  const list = page.locator('svg.chamber-svg g.messenger-list');
  await waitCount(list.locator('g.messenger[role="button"]'), count, 'listed one by one');
  await page.screenshot({ path: path.join(OUT, 'labels-counted-open-1280x720.png') });
  await list.locator('g.messenger[role="button"]').first().click();
  await page.getByRole('region', { name: 'Selected' }).getByRole('button', { name: 'Deliver now' }).waitFor();
  await chip.click();
  await waitCount(list, 0, 'closed again');
  assert.deepEqual(problems, []);
  await context.close();
});

test('"in quorum" marks only the running round; the form’s picks are labelled for the next round', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/');
  await still(page);
  await openPreset(page, 'One round, no trouble');
  await page.getByLabel('Timeline').fill('0');
  const tags = (re) => page.locator('svg.chamber-svg g.node.acceptor text.tag').filter({ hasText: re });
  await waitCount(tags(/in quorum/), 0, 'no round runs yet');
  // Selecting the leader preselects a majority: picked for the next round, not in any quorum.
  await node(page, 'L1').click();
  const form = page.getByRole('form', { name: 'Start a round' });
  await form.waitFor();
  const picked = [];
  for (const a of ['A1', 'A2', 'A3']) {
    if (await form.getByRole('checkbox', { name: new RegExp(`^${a}\\b`) }).isChecked()) picked.push(a);
  }
  assert.ok(picked.length >= 2);
  await waitCount(tags(/picked for next round/), picked.length);
  await waitCount(tags(/in quorum/), 0, 'a preselection is not a running quorum');
  for (const a of picked) await node(page, a).getByText('picked for next round').waitFor();
  // Start the round with A1 and A2: now exactly they are in quorum.
  for (const a of ['A1', 'A2', 'A3']) {
    const want = a !== 'A3';
    if ((await form.getByRole('checkbox', { name: new RegExp(`^${a}\\b`) }).isChecked()) !== want) await node(page, a).click();
  }
  await form.getByRole('button', { name: 'Start round' }).click();
  await page.keyboard.press('Escape');
  await waitCount(tags(/in quorum/), 2);
  await node(page, 'A1').getByText('✓ in quorum').waitFor();
  await node(page, 'A2').getByText('✓ in quorum').waitFor();
  await waitCount(node(page, 'A3').getByText('in quorum'), 0);
  await waitCount(tags(/picked for next round/), 0);
  // Picking A2 and A3 for the next round leaves the running quorum's marks as they are.
  await node(page, 'L1').click();
  await form.waitFor();
  for (const a of ['A1', 'A2', 'A3']) {
    const want = a !== 'A1';
    if ((await form.getByRole('checkbox', { name: new RegExp(`^${a}\\b`) }).isChecked()) !== want) await node(page, a).click();
  }
  await node(page, 'A3').getByText('picked for next round').waitFor();
  await waitCount(node(page, 'A3').getByText('in quorum'), 0);
  await waitCount(node(page, 'A1').getByText('picked for next round'), 0);
  await node(page, 'A1').getByText('✓ in quorum').waitFor();
  await waitCount(tags(/in quorum/), 2);
  await page.screenshot({ path: path.join(OUT, 'quorum-marks-1280x720.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

/** Asserts that `locator` is entirely inside the viewport. */
async function inView(page, locator, what) {
  const b = await locator.boundingBox();
  const v = page.viewportSize();
  assert.ok(b, `${what} is shown`);
  assert.ok(b.x >= 0 && b.y >= 0 && b.x + b.width <= v.width + 0.5 && b.y + b.height <= v.height + 0.5,
    `${what} is in view at ${v.width}x${v.height}: ${JSON.stringify(b)}`);
}

/**
 * Clicks the first of `locator`'s elements whose middle shows on screen (nothing drawn over it), as a person
 * clicks a chip they can see. A covered one is reported with what covers it; if every one is covered, it fails.
 */
async function clickUncovered(page, locator, what) {
  const n = await locator.count();
  const covered = [];
  for (let i = 0; i < n; i += 1) {
    const el = locator.nth(i);
    await el.scrollIntoViewIfNeeded();
    const hit = await el.evaluate((g) => {
      const r = g.getBoundingClientRect();
      const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return g.contains(top) ? null : `${g.getAttribute('aria-label')} at ${JSON.stringify(r)} is under ${top?.outerHTML.slice(0, 120)}`;
    });
    if (!hit) {
      await el.click();
      if (covered.length) console.log(`covered before a clickable one was found: ${covered.join('; ')}`);
      return;
    }
    covered.push(hit);
  }
  assert.fail(`every ${what} is covered: ${covered.join('; ')}`);
}

test('clicking a messenger or a node opens its actions in view, on both tabs and at both sizes', async () => {
  for (const [w, h] of SIZES) {
    const { page, context, problems } = await open(env.browser, env.server.url + '/', { width: w, height: h });
    await still(page);
    await openPreset(page, 'Round 10');
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowRight');
    const panel = page.getByRole('region', { name: 'Selected' });
    await clickUncovered(page, page.locator('svg.chamber-svg .messengers > g.messenger[data-messenger]'), 'a Synod messenger');
    await inView(page, panel.getByRole('button', { name: 'Deliver now' }), 'Deliver now');
    await inView(page, panel, 'the Synod inspector');
    assert.match(await panel.locator('.what').textContent(), /due at time \d+ \(now \d+\)/);
    await page.screenshot({ path: path.join(OUT, `actions-synod-messenger-${w}x${h}.png`) });
    await node(page, 'A3').click();
    await inView(page, panel.getByRole('button', { name: /Crash|Recover/ }), 'Crash');
    await node(page, 'L1').click();
    await inView(page, panel.getByRole('button', { name: 'Start round' }), 'Start round');
    await page.screenshot({ path: path.join(OUT, `actions-synod-leader-${w}x${h}.png`) });
    // Scrolled down the page, a click still opens the actions in view.
    await page.keyboard.press('Escape');
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await node(page, 'A1').click();
    await inView(page, panel.getByRole('button', { name: /Crash|Recover/ }), 'Crash (page scrolled)');
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'CORFU shared log' }).click();
    await page.getByLabel('CORFU preset').selectOption({ label: 'Hole and fill' });
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    await page.keyboard.press('ArrowRight');
    const cluster = page.locator('svg.corfu-svg');
    await clickUncovered(page, cluster.locator('g.messenger:not(.gone)'), 'a CORFU messenger');
    await inView(page, panel.getByRole('button', { name: 'Deliver now' }), 'CORFU Deliver now');
    assert.match(await panel.locator('.what').textContent(), /due at time \d+ \(now \d+\)/);
    await cluster.locator('[data-node="C1"]').click();
    await inView(page, panel.getByRole('button', { name: /Crash|Recover/ }), 'CORFU Crash');
    await inView(page, panel.getByRole('button', { name: 'Append' }), 'CORFU Append');
    await page.screenshot({ path: path.join(OUT, `actions-corfu-${w}x${h}.png`) });
    await panel.getByRole('button', { name: 'Close (Esc)' }).click();
    await waitCount(panel.getByRole('button', { name: 'Append' }), 0);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

/** Visible text smaller than 12 px, and tap targets smaller than 32 px, in words. */
async function phoneProblems(page) {
  return page.evaluate(() => {
    const out = [];
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 1 && r.height > 1 && s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0.05
        && !el.closest('[hidden], .visually-hidden');
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set();
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const el = t.parentElement;
      if (!t.textContent.trim() || !el || seen.has(el) || !visible(el)) continue;
      if (el.closest('.gone')) continue;
      seen.add(el);
      let size = parseFloat(getComputedStyle(el).fontSize);
      if (el instanceof SVGElement) size *= el.getScreenCTM()?.a ?? 1;
      if (size < 11.95) out.push(`text ${size.toFixed(1)}px: “${t.textContent.trim().slice(0, 40)}” (${el.className?.baseVal ?? el.className})`);
    }
    const targets = document.querySelectorAll('button, select, input:not([type="checkbox"]):not([type="file"]), [role="button"], summary, label.pick, label.button');
    for (const el of targets) {
      if (!visible(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.width < 31.5 || r.height < 31.5) {
        out.push(`tap target ${r.width.toFixed(0)}x${r.height.toFixed(0)}: ${el.getAttribute('aria-label') || el.textContent.trim().slice(0, 30) || el.id || el.localName}`);
      }
    }
    if (document.documentElement.scrollWidth > window.innerWidth) out.push(`the page scrolls sideways (${document.documentElement.scrollWidth}px)`);
    return out;
  });
}

test('phone, 400 px: the chamber first, text at least 12 px, taps at least 32 px, the log strip scrolls in its box', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '/', { width: 400, height: 800 });
  await still(page);
  await openPreset(page, 'Round 10');
  const chamber = await page.locator('svg.chamber-svg[aria-label="The chamber"]').boundingBox();
  const step = await page.getByRole('button', { name: 'Step ▶' }).boundingBox();
  const tabs = await page.locator('.protocol-tabs').boundingBox();
  assert.ok(chamber.y < step.y && chamber.y < tabs.y, `the chamber comes first (${chamber.y} vs ${step.y}, ${tabs.y})`);
  assert.ok(chamber.y < 400, `the chamber starts on the first screen (${chamber.y})`);
  await page.screenshot({ path: path.join(OUT, 'phone-synod-400.png'), fullPage: true });
  assert.deepEqual(await phoneProblems(page), [], 'Synod tab');
  await node(page, 'L1').click();
  await page.getByRole('form', { name: 'Start a round' }).waitFor();
  assert.deepEqual(await phoneProblems(page), [], 'Synod tab, a leader selected');
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'CORFU shared log' }).click();
  await page.getByLabel('CORFU preset').selectOption({ label: 'Reads from every chain' });
  await page.getByLabel('Timeline').fill('200');
  const cluster = await page.locator('svg.corfu-svg').boundingBox();
  const cstep = await page.getByRole('button', { name: 'Step ▶' }).boundingBox();
  assert.ok(cluster.y < cstep.y, 'the CORFU drawing comes before its controls');
  assert.deepEqual(await phoneProblems(page), [], 'CORFU tab');
  const strip = page.locator('.log-scroll');
  const [sw, cw] = await strip.evaluate((el) => [el.scrollWidth, el.clientWidth]);
  assert.ok(sw > cw, `the log strip is wider than its box (${sw} > ${cw})`);
  await strip.evaluate((el) => el.scrollBy(200, 0));
  assert.ok((await strip.evaluate((el) => el.scrollLeft)) > 0, 'the log strip scrolls sideways');
  assert.equal(await page.evaluate(() => window.scrollX), 0, 'the page does not');
  await page.screenshot({ path: path.join(OUT, 'phone-corfu-400.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});
