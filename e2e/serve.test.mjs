// `make serve` (tools/serve.mjs) sends the precompressed files `make dist` writes: brotli or gzip as the
// request's Accept-Encoding allows, with the original Content-Type, `Vary: Accept-Encoding`, a year of
// immutable caching for Trunk's hashed files and revalidation for index.html; it refuses paths outside the
// site. And the app still starts in Chromium when everything arrives brotli-encoded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { startServer, chooseEncoding, IMMUTABLE } from '../tools/serve.mjs';
import { ROOT, SUBPATH, OUT } from './helpers.mjs';

const DIST = path.join(ROOT, 'dist');
const assets = fs.readdirSync(DIST).filter((n) => !/\.(gz|br)$/.test(n) && fs.statSync(path.join(DIST, n)).isFile());
const wasmName = assets.find((n) => n.endsWith('_bg.wasm'));
const jsName = assets.find((n) => /^lunch-parliament-[0-9a-f]{16}\.js$/.test(n));
const cssName = assets.find((n) => n.endsWith('.css'));

let server;
const served = [];
before(async () => {
  server = await startServer({ root: DIST, prefixes: [SUBPATH, '/'], onResponse: (r) => served.push(r) });
});
after(async () => { await server?.close(); });

/** A plain HTTP request (node's http sends no Accept-Encoding unless asked and never decodes). */
function get(urlPath, headers = {}, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = http.request(server.url + urlPath, { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function decode(res) {
  switch (res.headers['content-encoding']) {
    case 'br': return zlib.brotliDecompressSync(res.body);
    case 'gzip': return zlib.gunzipSync(res.body);
    case undefined: return res.body;
    default: throw new Error(`unexpected content-encoding ${res.headers['content-encoding']}`);
  }
}

const TYPES = { '.html': /^text\/html/, '.js': /^text\/javascript/, '.css': /^text\/css/, '.svg': /^image\/svg\+xml$/ };

test('make dist wrote a .gz and a .br beside every asset, each decoding to the asset', () => {
  assert.ok(wasmName && jsName && cssName, `dist has the wasm, the js and the css: ${assets.join(', ')}`);
  for (const name of assets) {
    const raw = fs.readFileSync(path.join(DIST, name));
    for (const [suffix, inflate] of [['.gz', zlib.gunzipSync], ['.br', zlib.brotliDecompressSync]]) {
      const file = path.join(DIST, name + suffix);
      assert.ok(fs.existsSync(file), `${name}${suffix} is missing: build with make dist (it runs tools/compress.mjs)`);
      const packed = fs.readFileSync(file);
      assert.ok(packed.length < raw.length, `${name}${suffix} is smaller than ${name}`);
      assert.ok(inflate(packed).equals(raw), `${name}${suffix} decodes to ${name}`);
    }
  }
});

test('each asset: brotli when allowed, else gzip, else as it is; same bytes and Content-Type each way', async () => {
  for (const name of assets) {
    const raw = fs.readFileSync(path.join(DIST, name));
    for (const [accept, expected] of [
      [undefined, undefined],
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip, deflate', 'gzip'],
      ['br;q=0, gzip', 'gzip'],
      ['gzip;q=1, br;q=0.5', 'gzip'],
      ['identity', undefined],
      ['deflate', undefined],
      ['*', 'br'],
      ['*;q=0', undefined],
    ]) {
      const res = await get(`/${name}`, accept === undefined ? {} : { 'accept-encoding': accept });
      const what = `${name} with Accept-Encoding: ${accept}`;
      assert.equal(res.status, 200, what);
      assert.equal(res.headers['content-encoding'], expected, what);
      assert.equal(res.headers.vary, 'Accept-Encoding', what);
      assert.equal(Number(res.headers['content-length']), res.body.length, what);
      assert.ok(decode(res).equals(raw), `${what}: the decoded body is the file`);
      const ext = path.extname(name);
      if (ext === '.wasm') assert.equal(res.headers['content-type'], 'application/wasm', what);
      else assert.match(res.headers['content-type'], TYPES[ext], what);
    }
  }
});

test('the wasm goes out brotli-encoded, about a third of its size, as application/wasm', async () => {
  const raw = fs.statSync(path.join(DIST, wasmName)).size;
  const res = await get(`${SUBPATH}${wasmName}`, { 'accept-encoding': 'gzip, deflate, br' });
  assert.equal(res.headers['content-encoding'], 'br');
  assert.equal(res.headers['content-type'], 'application/wasm');
  assert.ok(res.body.length < raw * 0.5, `${res.body.length} bytes on the wire for ${raw}`);
});

test('caching: hashed files immutable for a year, index.html revalidated (304 when unchanged)', async () => {
  for (const name of [wasmName, jsName, cssName]) {
    for (const prefix of ['/', SUBPATH]) {
      const res = await get(prefix + name, { 'accept-encoding': 'br' });
      assert.equal(res.headers['cache-control'], IMMUTABLE, prefix + name);
    }
  }
  assert.equal(IMMUTABLE, 'public, max-age=31536000, immutable');
  for (const p of ['/', '/index.html', SUBPATH, `${SUBPATH}index.html`]) {
    const res = await get(p, { 'accept-encoding': 'gzip' });
    assert.equal(res.status, 200, p);
    assert.equal(res.headers['cache-control'], 'no-cache', p);
    assert.equal(res.headers['content-encoding'], 'gzip', p);
    assert.match(decode(res).toString(), /<title>Lunch Parliament<\/title>/, p);
    const again = await get(p, { 'accept-encoding': 'gzip', 'if-none-match': res.headers.etag });
    assert.equal(again.status, 304, `${p} revalidated with its ETag`);
    assert.equal(again.body.length, 0);
    // The ETag names the encoding: a cached gzip body does not validate a brotli answer.
    const other = await get(p, { 'accept-encoding': 'br', 'if-none-match': res.headers.etag });
    assert.equal(other.status, 200, p);
    assert.equal(other.headers['content-encoding'], 'br', p);
  }
});

test('HEAD answers the headers only; other methods are refused', async () => {
  const head = await get(`/${wasmName}`, { 'accept-encoding': 'br' }, 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.headers['content-encoding'], 'br');
  assert.equal(Number(head.headers['content-length']), fs.statSync(path.join(DIST, `${wasmName}.br`)).size);
  assert.equal(head.body.length, 0);
  const post = await get('/index.html', {}, 'POST');
  assert.equal(post.status, 405);
  assert.equal(post.headers.allow, 'GET, HEAD');
});

test('404 for what is not there, 403 outside the site, 400 for a malformed path', async () => {
  for (const p of ['/missing.wasm', `${SUBPATH}missing.js`, '/static/', '/courses/']) {
    const res = await get(p, { 'accept-encoding': 'br, gzip' });
    assert.equal(res.status, 404, p);
    assert.equal(res.headers['content-encoding'], undefined, p);
    assert.equal(res.headers['cache-control'], 'no-store', p);
  }
  const parent = path.basename(ROOT);
  for (const p of ['/..%2fMakefile', `${SUBPATH}..%2f..%2fetc%2fpasswd`, '/%2e%2e%2fCargo.toml', `/..%2f..%2f${parent}%2fMakefile`,
    '/..%2fdist-sibling%2findex.html']) {
    const res = await get(p, { 'accept-encoding': 'br, gzip' });
    assert.equal(res.status, 403, p);
    assert.doesNotMatch(res.body.toString(), /lunch-parliament|root:/, p);
  }
  assert.equal((await get('/%E0%A4%A')).status, 400);
  assert.equal((await get('/index.html%00.br')).status, 400);
  // A server that serves only the sub-path answers nothing else.
  const only = await startServer({ root: DIST, prefixes: [SUBPATH] });
  try {
    const status = (p) => new Promise((resolve, reject) => {
      http.get(only.url + p, (res) => { res.resume(); resolve(res.statusCode); }).on('error', reject);
    });
    assert.equal(await status('/'), 404);
    assert.equal(await status(`/${wasmName}`), 404);
    assert.equal(await status(SUBPATH), 200);
  } finally {
    await only.close();
  }
});

test('a .br or .gz older than its file is stale and not sent', async () => {
  const dir = fs.mkdtempSync(path.join(OUT, 'serve-'));
  const fresh = '<!DOCTYPE html><title>fresh</title>';
  fs.writeFileSync(path.join(dir, 'index.html.br'), zlib.brotliCompressSync('<title>stale</title>'));
  fs.writeFileSync(path.join(dir, 'index.html.gz'), zlib.gzipSync(fresh));
  fs.writeFileSync(path.join(dir, 'index.html'), fresh);
  const ago = (s) => new Date(Date.now() - s * 1000);
  fs.utimesSync(path.join(dir, 'index.html.br'), ago(60), ago(60));
  fs.utimesSync(path.join(dir, 'index.html'), ago(30), ago(30));
  const own = await startServer({ root: dir });
  try {
    const res = await new Promise((resolve, reject) => {
      http.get(own.url + '/', { headers: { 'accept-encoding': 'br, gzip' } }, (r) => {
        const chunks = [];
        r.on('data', (c) => chunks.push(c));
        r.on('end', () => resolve({ headers: r.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
    assert.equal(res.headers['content-encoding'], 'gzip');
    assert.equal(decode(res).toString(), fresh);
  } finally {
    await own.close();
    fs.rmSync(dir, { recursive: true });
  }
});

test('chooseEncoding reads q-values and wildcards', () => {
  const both = ['br', 'gzip'];
  assert.equal(chooseEncoding(undefined, both), null);
  assert.equal(chooseEncoding('', both), null);
  assert.equal(chooseEncoding('gzip, deflate, br, zstd', both), 'br');
  assert.equal(chooseEncoding('GZIP', both), 'gzip');
  assert.equal(chooseEncoding('br;q=0.2, gzip;q=0.8', both), 'gzip');
  assert.equal(chooseEncoding('br; q=0, *', both), 'gzip');
  assert.equal(chooseEncoding('br', ['gzip']), null);
  assert.equal(chooseEncoding('*;q=0', both), null);
});

test('Chromium loads the app from brotli-encoded files, streaming-compiles the wasm, and caches the hashed files', async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const problems = [];
    page.on('console', (m) => {
      // wasm-bindgen warns (and falls back to a slower path) when the wasm is not served as application/wasm.
      if (m.type() === 'error' || /instantiateStreaming|MIME/.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    const responses = [];
    page.on('response', (r) => responses.push(r));
    served.length = 0;
    await page.goto(server.url + SUBPATH);
    await page.getByRole('log', { name: 'Transcript' }).waitFor();
    await page.locator('.chamber-svg [data-node]').first().waitFor();
    await page.screenshot({ path: path.join(OUT, 'served-compressed-1280x720.png') });
    const wasm = responses.find((r) => r.url().endsWith(wasmName));
    assert.ok(wasm, 'the page fetched the wasm');
    const accept = (await wasm.request().allHeaders())['accept-encoding'];
    const expected = chooseEncoding(accept, ['br', 'gzip']);
    assert.ok(expected, `Chromium offers br or gzip (Accept-Encoding: ${accept})`);
    assert.equal(wasm.headers()['content-encoding'], expected);
    assert.equal(wasm.headers()['content-type'], 'application/wasm');
    const sizes = await wasm.request().sizes();
    assert.ok(sizes.responseBodySize < fs.statSync(path.join(DIST, wasmName)).size * 0.5,
      `${sizes.responseBodySize} bytes of wasm on the wire`);
    for (const name of [jsName, cssName, 'index.html']) {
      const hit = served.find((s) => s.path === SUBPATH + (name === 'index.html' ? '' : name));
      assert.equal(hit?.encoding, expected, `${name} went out ${expected}`);
    }
    assert.equal(served.filter((s) => s.path.endsWith(wasmName)).length, 1, 'the preloaded wasm is fetched once');
    // A second visit in the same browser: index.html is asked again, the immutable hashed files are not.
    served.length = 0;
    const second = await context.newPage();
    await second.goto(server.url + SUBPATH);
    await second.getByRole('log', { name: 'Transcript' }).waitFor();
    await second.locator('.chamber-svg [data-node]').first().waitFor();
    const paths = served.map((s) => `${s.path} ${s.status}`);
    assert.ok(served.some((s) => s.path === SUBPATH), `index.html asked again: ${paths}`);
    for (const name of [wasmName, jsName, cssName]) {
      assert.ok(!served.some((s) => s.path.endsWith(name)), `${name} came from the cache: ${paths}`);
    }
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await browser.close();
  }
});
