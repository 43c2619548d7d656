// A quick look: `node tools/shot.mjs OUT.png [WIDTHxHEIGHT] [preset label] [steps]` screenshots the built
// app (dist/) after choosing a preset and pressing → some times. Prints console errors.
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';

const [out = 'shot.png', size = '1280x720', preset = '', steps = '0'] = process.argv.slice(2);
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
if (preset) await page.getByLabel('Preset').selectOption({ label: preset });
for (let i = 0; i < Number(steps); i += 1) await page.keyboard.press('ArrowRight');
await page.waitForTimeout(800);
await page.screenshot({ path: out });
await browser.close();
await server.close();
