// Precompresses the built site: `node tools/compress.mjs DIR` (run by `make dist`) writes `x.gz` (gzip, level 9)
// and `x.br` (brotli, quality 11, 16 MB window) beside every compressible file `x` under DIR, so that
// tools/serve.mjs — or any static host that serves precompressed files — sends them as they are, with no
// compression work per request. Stale `.gz`/`.br` files whose original is gone are removed.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

/** Extensions worth compressing (images such as PNG are compressed already). */
export const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.svg', '.json', '.txt', '.map', '.ico', '.xml']);
const TEXT = new Set(['.html', '.js', '.mjs', '.css', '.svg', '.json', '.txt', '.map', '.xml']);

export function gzip(body) {
  return zlib.gzipSync(body, { level: zlib.constants.Z_BEST_COMPRESSION});
}

export function brotli(body, ext = '') {
  return zlib.brotliCompressSync(body, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_LGWIN]: zlib.constants.BROTLI_MAX_WINDOW_BITS,
      [zlib.constants.BROTLI_PARAM_MODE]: TEXT.has(ext) ? zlib.constants.BROTLI_MODE_TEXT : zlib.constants.BROTLI_MODE_GENERIC,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
}

function* files(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(file);
    else if (entry.isFile()) yield file;
  }
}

export function compressDir(dir) {
  const rows = [];
  for (const file of [...files(dir)].sort()) {
    const ext = path.extname(file);
    if (ext === '.gz' || ext === '.br') {
      const original = file.slice(0, -ext.length);
      if (!fs.existsSync(original)) fs.rmSync(file);
      continue;
    }
    if (!COMPRESSIBLE.has(ext)) continue;
    const body = fs.readFileSync(file);
    const gz = gzip(body);
    const br = brotli(body, ext);
    fs.writeFileSync(`${file}.gz`, gz);
    fs.writeFileSync(`${file}.br`, br);
    rows.push({ name: path.relative(dir, file), raw: body.length, gzip: gz.length, br: br.length });
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] || 'dist';
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    console.error(`compress: ${dir}/index.html is missing; build the site first`);
    process.exit(2);
  }
  const rows = compressDir(dir);
  const n = (x) => x.toLocaleString('en-US').padStart(11);
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`compress: ${'file'.padEnd(width)} ${'raw'.padStart(11)} ${'gzip -9'.padStart(11)} ${'brotli 11'.padStart(11)}`);
  for (const r of rows) console.log(`compress: ${r.name.padEnd(width)} ${n(r.raw)} ${n(r.gzip)} ${n(r.br)}`);
}
