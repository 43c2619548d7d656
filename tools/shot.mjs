// A quick look: `node tools/shot.mjs OUT.png [WIDTHxHEIGHT] [preset label] [steps] [corfu|multipaxos] [present] [v]`
// screenshots the built app (dist/) after choosing a preset (on the CORFU tab with `corfu`, the Multi-Paxos
// tab with `multipaxos`) and pressing →
// some times; `present` presses F (presenting), `v` presses V (the next view). Prints console errors.
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';

const [out = 'shot.png', size = '1280x720', preset = '', steps = '0', ...flags] = process.argv.slice(2);
const [width, height] = size.split('x').map(Number);
const server = await startServer({ root: 'dist' });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
});
const page = await browser.newPage({ viewport: { width, height } });
page.on('console', (m) => m.type() === 'error' && console.log('console error:', m.text()));
page.on('pageerror', (e) => console.log('page error:', e.message));
await page.goto(server.url + '/');
await page.getByRole('log', { name: 'Transcript' }).waitFor();
const corfu = flags.includes('corfu');
const multipaxos = flags.includes('multipaxos');
if (corfu) await page.getByRole('button', { name: 'CORFU shared log' }).click();
if (multipaxos) await page.keyboard.press('3');
const picker = corfu ? 'CORFU preset' : multipaxos ? 'Multi-Paxos preset' : 'Preset';
if (preset) await page.getByLabel(picker).selectOption({ label: preset });
for (let i = 0; i < Number(steps); i += 1) await page.keyboard.press('ArrowRight');
if (flags.includes('v')) await page.keyboard.press('v');
if (flags.includes('present')) await page.keyboard.press('f');
await page.waitForTimeout(800);
await page.screenshot({ path: out });
await browser.close();
await server.close();
