// A whole lecture on one clicker, read from the back row: the eight tours as one playlist walked with →
// alone while presenting at 1280×720, every text in the chamber, the CORFU strip and cluster and the
// space-time diagram measured on screen (at least 18 px), nothing over a node, the chamber never pushed
// off the screen; ← across a tour boundary, Home and End; V through the four views; the header and
// footer naming the open tab's protocol, run and trace hash.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { setup, teardown, OUT, ROOT } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await teardown(env); });

const VIEWPORT = { width: 1280, height: 720 };
const MIN_PX = 18;

/** Opens `url` at 1280×720 with reduced motion (so nothing is caught mid-walk); records problems. */
async function openPage(url) {
  const context = await env.browser.newContext({ viewport: VIEWPORT, reducedMotion: 'reduce' });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(url);
  await page.getByRole('log', { name: 'Transcript' }).waitFor();
  return { page, context, problems };
}

async function until(read, ok, what, ms = 5000) {
  const deadline = Date.now() + ms;
  let seen = await read();
  while (!ok(seen) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 40));
    seen = await read();
  }
  assert.ok(ok(seen), `${what}: saw ${JSON.stringify(seen)}`);
  return seen;
}

/** Waits for the page to draw what it has (two frames: a tab switch renders the tab in a second pass). */
async function settled(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 30)))));
}

/** Where the lecture is: tour number, step and count, from the tour bar. */
async function place(page) {
  return page.evaluate(() => {
    const h = document.querySelector('.tour-bar h2')?.textContent ?? '';
    const p = document.querySelector('#tour-pos')?.textContent ?? '';
    const t = /^Tour (\d+) · /.exec(h);
    const s = /^(\d+) of (\d+)$/.exec(p);
    return t && s ? { tour: Number(t[1]), step: Number(s[1]), of: Number(s[2]) } : null;
  });
}

const at = (page, tour, step) => until(() => place(page), (p) => p?.tour === tour && p?.step === step, `tour ${tour} step ${step}`);

/**
 * Every visible text on screen with its rendered size: for SVG text the font size times the SVG's
 * scale on screen (getScreenCTM), for HTML the computed font size. `where` names the drawing it is in.
 */
async function texts(page) {
  return page.evaluate(() => {
    const drawings = [
      ['chamber', '.chamber-svg:not(.corfu-svg)'],
      ['cluster', '.corfu-svg'],
      ['strip', '.log-strip'],
      ['diagram', '.spacetime-wrap'],
    ];
    const where = (el) => drawings.find(([, sel]) => el.closest(sel))?.[0] ?? 'page';
    const shown = (el) => {
      for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
        const cs = getComputedStyle(e);
        if (cs.display === 'none' || cs.visibility === 'hidden' || Number(cs.opacity) === 0) return false;
      }
      const r = el.getBoundingClientRect();
      return r.width > 1 && r.height > 1 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
    };
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.textContent.trim()) continue;
      const el = n.parentElement;
      if (!el || seen.has(el) || el.closest('style, script, title, noscript, option')) continue;
      seen.add(el);
      if (!shown(el)) continue;
      let px = parseFloat(getComputedStyle(el).fontSize);
      const svg = el.closest('svg');
      if (svg && el instanceof SVGElement) {
        const m = el.getScreenCTM();
        if (m) px *= Math.hypot(m.a, m.b);
      }
      out.push({ where: where(el), px, text: n.textContent.trim().slice(0, 40) });
    }
    return out;
  });
}

/** Boxes that must never cover a node, and the nodes' own boxes (the seat, podium or box shape). */
async function layoutProblems(page) {
  return page.evaluate(() => {
    const problems = [];
    const box = (el) => el.getBoundingClientRect();
    const meets = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const nodes = [...document.querySelectorAll('[data-node]')].filter((n) => n.getBoundingClientRect().width > 0);
    const shapes = nodes.map((n) => [n.dataset.node, box(n.querySelector('.seat, .podium, .box') ?? n)]);
    const covers = ['.page-tools', '.tour-bar', '.controls', '.page-messages', '.side', '.masthead']
      .flatMap((s) => [...document.querySelectorAll(s)])
      .filter((e) => e.getBoundingClientRect().width > 0 && getComputedStyle(e).display !== 'none');
    for (const [name, r] of shapes) {
      if (r.bottom > innerHeight + 0.5 || r.top < -0.5 || r.right > innerWidth + 0.5 || r.left < -0.5) {
        problems.push(`${name} is off the screen (${Math.round(r.top)}–${Math.round(r.bottom)})`);
      }
      for (const c of covers) {
        if (meets(r, box(c))) problems.push(`${c.className || c.tagName} covers ${name}`);
      }
    }
    for (const sel of ['.chamber-svg', '.spacetime-wrap', '.log-strip']) {
      for (const e of document.querySelectorAll(sel)) {
        const r = box(e);
        if (r.width > 0 && r.bottom > innerHeight + 0.5) problems.push(`${sel} runs off the screen (bottom ${Math.round(r.bottom)})`);
      }
    }
    if (document.documentElement.scrollHeight > innerHeight + 1) problems.push(`the page scrolls (${document.documentElement.scrollHeight}px)`);
    // No text cut off: every visible text lies inside the screen and inside any box that clips it
    // without scrolling (an SVG's viewport, a panel that hides its overflow). Inside a box that scrolls,
    // the rest is a scroll away.
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!n.textContent.trim() || !el || seen.has(el) || el.closest('style, script, title, option, .overlay')) continue;
      seen.add(el);
      const r = box(el);
      if (r.width <= 1 || r.height <= 1) continue;
      let hidden = false;
      for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
        const cs = getComputedStyle(e);
        if (cs.display === 'none' || cs.visibility === 'hidden' || Number(cs.opacity) === 0) hidden = true;
      }
      if (hidden) continue;
      let clipper = null;
      let scrolls = false;
      for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
        const o = getComputedStyle(e).overflow;
        if (/auto|scroll/.test(o)) { scrolls = true; break; }
        if (/hidden|clip/.test(o)) { clipper = clipper ?? e; }
      }
      if (scrolls) continue;
      const what = `“${n.textContent.trim().slice(0, 30)}”`;
      if (r.bottom > innerHeight + 1 || r.right > innerWidth + 1 || r.left < -1) problems.push(`${what} runs off the screen`);
      else if (clipper) {
        const c = box(clipper);
        if (r.bottom > c.bottom + 2 || r.top < c.top - 2 || r.left < c.left - 2 || r.right > c.right + 2) {
          problems.push(`${what} is cut by ${clipper.className?.baseVal ?? clipper.className}`);
        }
      }
    }
    return problems;
  });
}

/** The drawings' text (chamber, strip, cluster, diagram) below 18 px, and the smallest size of any kind. */
function check(all, label) {
  const drawn = all.filter((t) => t.where !== 'page');
  const small = drawn.filter((t) => t.px < MIN_PX);
  assert.deepEqual(small, [], `${label}: text below ${MIN_PX} px`);
  const min = (list) => list.reduce((m, t) => (t.px < m.px ? t : m), { px: Infinity });
  return { drawn: min(drawn), page: min(all), count: drawn.length };
}

// The lecture's order: the synod's tours, then the week of lunches (8), then CORFU (7).
const PLAYLIST = [1, 2, 3, 4, 5, 6, 8, 7];

test('the whole lecture with → alone, presenting at 1280×720: readable, nothing over a node', async () => {
  const { page, context, problems } = await openPage(`${env.server.url}/#tour=1/1`);
  await at(page, 1, 1);
  await page.keyboard.press('f');
  await until(() => page.locator('.page').getAttribute('class'), (c) => /\bpresenting\b/.test(c), 'presenting');
  const visited = [];
  const counts = {};
  let smallest = { drawn: { px: Infinity }, page: { px: Infinity }, texts: 0 };
  const pageSmall = [];
  const stages = new Set();
  for (let guard = 0; guard < 200; guard += 1) {
    const p = await place(page);
    visited.push(`${p.tour}/${p.step}`);
    counts[p.tour] = p.of;
    const label = `tour ${p.tour} step ${p.step}`;
    // The CORFU tour shows the CORFU tab, the week of lunches the Multi-Paxos tab; every other tour the chamber.
    if (p.tour === 7) {
      await page.locator('.corfu-svg').waitFor();
      await page.locator('.log-strip').waitFor();
    } else if (p.tour === 8) {
      await page.locator('.week-grid').waitFor();
    } else {
      await page.getByRole('group', { name: 'The chamber' }).or(page.locator('.stage > .view-panel')).first().waitFor();
    }
    await settled(page);
    const all = await texts(page);
    const m = check(all, label);
    const least = (a, b) => (b.px < a.px ? { ...b, at: label } : a);
    smallest = { drawn: least(smallest.drawn, m.drawn), page: least(smallest.page, m.page), texts: smallest.texts + m.count };
    pageSmall.push(...all.filter((t) => t.px < MIN_PX).map((t) => `${label}: ${t.px}px “${t.text}”`));
    assert.deepEqual(await layoutProblems(page), [], label);
    // The stage keeps its place and size whatever the caption's length.
    const chamber = page.getByRole('group', { name: 'The chamber' });
    if (p.tour !== 7 && p.tour !== 8 && (await chamber.count()) === 1) {
      const b = await chamber.boundingBox();
      stages.add(`${Math.round(b.y)} ${Math.round(b.height)}`);
    }
    if (p.step === 1 || p.step === p.of || (p.tour === 7 && p.step === 5)) {
      await page.screenshot({ path: path.join(OUT, `lecture-${p.tour}-${p.step}.png`) });
    }
    if (p.tour === 7 && p.step === p.of) break;
    await page.keyboard.press('ArrowRight');
    const next = p.step < p.of ? [p.tour, p.step + 1] : [PLAYLIST[PLAYLIST.indexOf(p.tour) + 1], 1];
    await at(page, ...next);
  }
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  assert.equal(Object.keys(counts).length, 8, 'all eight tours');
  assert.equal(visited.length, total, 'every step once');
  assert.equal(new Set(visited).size, total);
  assert.deepEqual(pageSmall, [], 'no text anywhere on the page below 18 px while presenting');
  assert.equal(stages.size, 1, `the chamber stays put: ${[...stages].join(', ')}`);
  const said = (t) => `${t.px.toFixed(1)}px (${t.where} “${t.text}”, ${t.at})`;
  console.log(`# lecture: ${total} steps; ${smallest.texts} texts measured in the drawings, the smallest ${said(smallest.drawn)}; smallest anywhere on the page ${said(smallest.page)}`);
  // The end of the lecture: → changes nothing.
  await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(200);
  assert.deepEqual(await place(page), { tour: 7, step: counts[7], of: counts[7] });
  assert.ok(page.url().endsWith(`#tour=7/${counts[7]}`));
  // Home and End: the first and last step of this tour.
  await page.keyboard.press('Home');
  await at(page, 7, 1);
  await page.keyboard.press('End');
  await at(page, 7, counts[7]);
  await page.keyboard.press('Home');
  await at(page, 7, 1);
  // ← at a tour's first step: the previous tour's last step (the week of lunches), on its tab.
  await page.keyboard.press('ArrowLeft');
  await at(page, 8, counts[8]);
  await page.locator('.week-grid').waitFor();
  await page.keyboard.press('PageUp');
  await at(page, 8, counts[8] - 1);
  await page.keyboard.press('Space');
  await page.keyboard.press('PageDown');
  await at(page, 7, 1);
  await page.locator('.log-strip').waitFor();
  // Still presenting all along.
  assert.match(await page.locator('.page').getAttribute('class'), /\bpresenting\b/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('presenting: the tour menu and the way out are there by keyboard and mouse, and cover nothing', async () => {
  const { page, context, problems } = await openPage(`${env.server.url}/`);
  await page.keyboard.press('f');
  await until(() => page.locator('.page').getAttribute('class'), (c) => /\bpresenting\b/.test(c), 'presenting');
  const menu = page.getByRole('combobox', { name: 'Tours' });
  assert.ok(await menu.isVisible(), 'the tour menu shows while presenting');
  assert.deepEqual(await layoutProblems(page), []);
  await menu.selectOption('3');
  await at(page, 3, 1);
  // The menu gave the focus back: the clicker's next key is for the lecture.
  await page.keyboard.press('PageDown');
  await at(page, 3, 2);
  assert.ok(await page.getByRole('button', { name: 'Stop presenting' }).isVisible());
  assert.deepEqual(await layoutProblems(page), []);
  // By keyboard: Tab reaches the menu; choosing there opens the tour.
  let reached = false;
  for (let i = 0; i < 30 && !reached; i += 1) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.id === 'present-tours');
  }
  assert.ok(reached, 'Tab reaches the tour menu');
  await page.keyboard.press('ArrowDown');
  // A native menu opened by the keyboard: Enter or the change itself opens the tour.
  await page.keyboard.press('Enter');
  await until(() => place(page), (p) => p?.tour === 4 || p?.tour === 1, 'a tour chosen by keyboard');
  // In a tour, the stepper gives way to the tour's own Back and Next, and P leaves the tour, saying so.
  assert.equal(await page.locator('#step').count() === 0 || !(await page.locator('#step').isVisible()), true);
  await page.keyboard.press('p');
  await page.locator('.tour-bar').waitFor({ state: 'detached' });
  await page.locator('#page-notice').getByText('You left the tour').waitFor();
  await page.getByRole('button', { name: 'Stop presenting' }).click();
  await until(() => page.locator('.page').getAttribute('class'), (c) => !/\bpresenting\b/.test(c), 'not presenting');
  assert.deepEqual(problems, []);
  await context.close();
});

test('V cycles chamber, diagram, safety and liveness while presenting; each readable', async () => {
  const { page, context, problems } = await openPage(`${env.server.url}/#tour=6/5`);
  await at(page, 6, 5);
  await page.keyboard.press('f');
  await until(() => page.locator('.page').getAttribute('class'), (c) => /\bpresenting\b/.test(c), 'presenting');
  const board = page.locator('main.board');
  const order = ['chamber', 'diagram', 'safety', 'liveness'];
  const shownBy = {
    chamber: page.getByRole('group', { name: 'The chamber' }),
    diagram: page.locator('.stage .spacetime-wrap svg'),
    safety: page.locator('.stage .safety'),
    liveness: page.locator('.stage .liveness'),
  };
  // This step counts the duel's rounds: it opens on the liveness panel.
  assert.match(await board.getAttribute('class'), /\bview-liveness\b/);
  await shownBy.liveness.getByText(/rounds without a decision/).waitFor();
  const views = [0, 1, 2, 3].map((i) => order[(order.indexOf('liveness') + 1 + i) % 4]).map((n) => [n, shownBy[n]]);
  for (const [name, shown] of views) {
    await page.keyboard.press('v');
    await until(() => board.getAttribute('class'), (c) => c.includes(`view-${name}`), `view ${name}`);
    await shown.waitFor();
    await settled(page);
    assert.ok(await shown.isVisible(), `${name} is on screen`);
    const box = await shown.boundingBox();
    assert.ok(box.y + Math.min(box.height, 100) <= VIEWPORT.height, `${name} starts on screen`);
    check(await texts(page), `view ${name}`);
    assert.deepEqual(await layoutProblems(page), [], `view ${name}`);
    await page.screenshot({ path: path.join(OUT, `presenting-view-${name}.png`) });
  }
  // V changed the view, not the tour.
  assert.deepEqual(await place(page), { tour: 6, step: 5, of: (await place(page)).of });
  // A tour step may choose its view: stepping on shows the chamber again unless the step says otherwise.
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard and clicker' });
  await help.getByText('next view of the Synod run: chamber, space-time diagram, safety, liveness').waitFor();
  await help.getByText(/Home/).first().waitFor();
  // The whole list, with its Close button, fits the projector's screen.
  const close = await page.locator('#help-close').boundingBox();
  assert.ok(close.y + close.height <= VIEWPORT.height, `Close at ${close.y}`);
  await page.keyboard.press('Escape');
  // Not presenting, the same views are buttons too.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await until(() => page.locator('.page').getAttribute('class'), (c) => !/\bpresenting\b/.test(c), 'not presenting');
  await page.getByRole('button', { name: 'Safety', exact: true }).click();
  await page.locator('.stage .safety').waitFor();
  await page.getByRole('button', { name: 'Chamber', exact: true }).click();
  await page.getByRole('group', { name: 'The chamber' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('in a tour, Step and Play leave the tour and say so; the caption never describes another run', async () => {
  const { page, context, problems } = await openPage(`${env.server.url}/#tour=2/3`);
  await at(page, 2, 3);
  const caption = await page.locator('#tour-caption').textContent();
  await page.locator('.tour-hint').getByText('leave the tour').waitFor();
  await page.getByRole('button', { name: 'Step ▶' }).click();
  await page.locator('.tour-bar').waitFor({ state: 'detached' });
  await page.locator('#page-notice').getByText('You left the tour').waitFor();
  assert.equal(await page.getByText(caption).count(), 0);
  // The CORFU tab: its Step button leaves the tour too.
  await page.goto(`${env.server.url}/#tour=7/2`);
  await at(page, 7, 2);
  await page.getByRole('button', { name: 'Step ▶' }).click();
  await page.locator('.tour-bar').waitFor({ state: 'detached' });
  await page.locator('#page-notice').getByText('You left the tour').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('the header and footer name the open tab’s protocol, run and trace hash', async () => {
  const { page, context, problems } = await openPage(`${env.server.url}/`);
  const footer = async () => ({
    protocol: await page.locator('#footer-protocol').textContent(),
    title: await page.locator('#footer-title').textContent(),
    hash: await page.locator('#trace-hash').textContent(),
    tagline: await page.locator('#tagline').textContent(),
  });
  const synod = await footer();
  assert.equal(synod.protocol, 'Synod (Paxos)');
  assert.match(synod.title, /^Round 10 · seed \d+$/);
  assert.match(synod.tagline, /synod/);
  await page.keyboard.press('2');
  await page.getByLabel('CORFU preset').selectOption({ label: 'Slow writer loses the race' });
  const corfu = await until(footer, (f) => f.protocol === 'CORFU shared log', 'CORFU footer');
  assert.match(corfu.title, /^Slow writer loses the race · seed \d+$/);
  assert.match(corfu.tagline, /CORFU/);
  assert.notEqual(corfu.hash, synod.hash);
  // The hash follows the CORFU run's step, and is the one the CLI computes for that run.
  await page.keyboard.press('PageDown');
  const stepped = await until(footer, (f) => f.hash !== corfu.hash, 'the hash follows the step');
  const max = await page.getByLabel('Timeline').getAttribute('max');
  await page.getByLabel('Timeline').fill(max);
  const end = await until(footer, (f) => f.hash !== stepped.hash, 'at the end');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export' }).click(),
  ]);
  const file = path.join(OUT, 'footer-corfu.json');
  await download.saveAs(file);
  const cli = JSON.parse(execFileSync(path.join(ROOT, 'target', 'release', 'parliament'), ['replay', file, '--json']).toString());
  assert.equal(cli.trace_hash, (await footer()).hash, `CLI ${cli.trace_hash}, page ${end.hash}`);
  await page.keyboard.press('1');
  assert.deepEqual(await until(footer, (f) => f.protocol === 'Synod (Paxos)', 'back to the synod'), synod);
  fs.rmSync(file, { force: true });
  assert.deepEqual(problems, []);
  await context.close();
});
