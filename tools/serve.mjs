// A tiny static server for the built app: `node tools/serve.mjs DIR PORT` (used by `make serve`), and
// `startServer()` for the browser tests and benchmarks. The app is also served under a sub-path, as a course
// site would.
//
// It sends the precompressed `x.br` or `x.gz` that `make dist` (tools/compress.mjs) writes beside each file
// when the request's Accept-Encoding allows (brotli first, then gzip, else the file as it is), with the
// Content-Type of the original file — `application/wasm` for the wasm even when brotli-encoded, which
// `WebAssembly.instantiateStreaming` needs — and `Vary: Accept-Encoding`. Files whose names carry Trunk's
// content hash (`lunch-parliament-<hash>_bg.wasm`, `style-<hash>.css`, …) are cached for a year as immutable;
// everything else (index.html) is revalidated on every load (`no-cache`, with an ETag so that costs a 304).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
  '.gz': 'application/gzip',
  '.br': 'application/octet-stream',
};

/** Content-Encoding → the suffix of the precompressed file, in order of preference. */
const ENCODINGS = [['br', '.br'], ['gzip', '.gz']];

/** A Trunk output name with its 16-hex-digit content hash: `name-0123456789abcdef[_bg].ext`. */
export const HASHED = /-[0-9a-f]{16}(?:_bg)?\.[A-Za-z0-9]+$/;
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The encodings an Accept-Encoding header allows, as a Map name → q (RFC 9110 §12.5.3). `*` stands for every
 * encoding not named; q=0 refuses.
 */
export function parseAcceptEncoding(header) {
  const accepted = new Map();
  for (const part of String(header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p);
      if (m) q = Number(m[1]);
    }
    accepted.set(name.trim(), Number.isFinite(q) ? q : 0);
  }
  return accepted;
}

/** The Content-Encoding to answer with among `available` (e.g. ['br', 'gzip']), or null for the file as it is. */
export function chooseEncoding(header, available) {
  const accepted = parseAcceptEncoding(header);
  const q = (name) => (accepted.has(name) ? accepted.get(name) : accepted.get('*') ?? 0);
  let best = null;
  for (const name of available) {
    // Ties keep the server's order of preference (brotli before gzip).
    if (q(name) > 0 && (best === null || q(name) > q(best))) best = name;
  }
  return best;
}

function cacheControl(file) {
  return HASHED.test(path.basename(file)) ? IMMUTABLE : 'no-cache';
}

const statFile = (file) => fs.promises.stat(file).then((s) => (s.isFile() ? s : null), () => null);

/**
 * Serves `root` at each of `prefixes`. `onResponse`, if given, is told of every answer:
 * { method, path, status, encoding } (encoding: 'br', 'gzip' or null).
 */
export function startServer({ root, port = 0, host = '127.0.0.1', prefixes = ['/'], onResponse = null }) {
  const base = path.resolve(root);
  const fail = (res, status, text, headers = {}) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
    res.end(text);
  };
  const server = http.createServer(async (req, res) => {
    let encoding = null;
    if (onResponse) {
      res.on('finish', () => onResponse({ method: req.method, path: req.url, status: res.statusCode, encoding }));
    }
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        fail(res, 405, 'method not allowed', { allow: 'GET, HEAD' });
        return;
      }
      const url = new URL(req.url, 'http://x');
      const prefix = prefixes.find((p) => url.pathname.startsWith(p));
      if (!prefix) {
        fail(res, 404, 'not found');
        return;
      }
      let rel;
      try {
        rel = decodeURIComponent(url.pathname.slice(prefix.length));
      } catch {
        fail(res, 400, 'bad request');
        return;
      }
      if (rel.includes('\0')) {
        fail(res, 400, 'bad request');
        return;
      }
      if (rel === '' || rel.endsWith('/')) rel += 'index.html';
      const file = path.resolve(base, rel);
      if (!file.startsWith(base + path.sep)) {
        fail(res, 403, 'forbidden');
        return;
      }
      const original = await statFile(file);
      if (!original) {
        fail(res, 404, 'not found');
        return;
      }
      const variants = [];
      for (const [name, suffix] of ENCODINGS) {
        const stat = await statFile(file + suffix);
        // One older than the file it stands for is stale (say index.html was edited after make dist): skip it.
        if (stat && stat.mtimeMs >= original.mtimeMs) variants.push({ name, file: file + suffix, stat });
      }
      const wanted = chooseEncoding(req.headers['accept-encoding'], variants.map((v) => v.name));
      const chosen = variants.find((v) => v.name === wanted) ?? { name: null, file, stat: original };
      const etag = `"${chosen.stat.size.toString(16)}-${Math.floor(chosen.stat.mtimeMs).toString(16)}${chosen.name ? `-${chosen.name}` : ''}"`;
      const headers = {
        'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
        'cache-control': cacheControl(file),
        etag,
        'x-content-type-options': 'nosniff',
      };
      if (variants.length > 0) headers.vary = 'Accept-Encoding';
      const inm = req.headers['if-none-match'];
      if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
        res.writeHead(304, headers).end();
        return;
      }
      if (chosen.name) headers['content-encoding'] = encoding = chosen.name;
      const body = await fs.promises.readFile(chosen.file);
      headers['content-length'] = body.length;
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      if (!res.headersSent) fail(res, 500, 'internal error');
      else res.destroy(e);
    }
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({
        url: `http://${host}:${actual}`,
        close: () => new Promise((r) => {
          server.close(r);
          server.closeIdleConnections?.();
        }),
      });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [root = 'dist', port = '8080'] = process.argv.slice(2);
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    console.error(`serve: ${root}/index.html is missing; run make dist first`);
    process.exit(2);
  }
  const { url } = await startServer({ root, port: Number(port) });
  const compressed = fs.existsSync(path.join(root, 'index.html.br')) || fs.existsSync(path.join(root, 'index.html.gz'));
  console.log(`Lunch Parliament is served at ${url}/ (Ctrl-C stops it)${compressed ? '' : ' — uncompressed: no .br/.gz files beside the assets (make dist writes them)'}`);
}
