// Prints the release bundle's size by kind (wasm, js, css, html, icon), raw, gzipped (level 9) and brotli
// (quality 11) — the `.br` that `make dist` writes beside each file, computed when it is missing. The `.gz`
// and `.br` files themselves are not counted as assets.
import fs from 'node:fs';
import path from 'node:path';
import { gzip, brotli } from './compress.mjs';

const dir = process.argv[2] || 'dist';
const kinds = {};
for (const name of fs.readdirSync(dir)) {
  const file = path.join(dir, name);
  if (!fs.statSync(file).isFile() || /\.(gz|br)$/.test(name)) continue;
  const body = fs.readFileSync(file);
  const ext = path.extname(name);
  const kind = (ext.slice(1) || 'other').replace(/^(svg|ico|png)$/, 'icon');
  const k = (kinds[kind] ||= { raw: 0, gzip: 0, br: 0, files: 0 });
  k.raw += body.length;
  k.gzip += gzip(body).length;
  k.br += fs.existsSync(`${file}.br`) ? fs.statSync(`${file}.br`).size : brotli(body, ext).length;
  k.files += 1;
}
const total = { raw: 0, gzip: 0, br: 0 };
const fmt = (n) => n.toLocaleString('en-US').padStart(10);
console.log('bundle   files        raw       gzip     brotli');
for (const [kind, k] of Object.entries(kinds).sort()) {
  console.log(`${kind.padEnd(8)} ${String(k.files).padStart(5)} ${fmt(k.raw)} ${fmt(k.gzip)} ${fmt(k.br)}`);
  for (const key of Object.keys(total)) total[key] += k[key];
}
console.log(`${'total'.padEnd(8)} ${''.padStart(5)} ${fmt(total.raw)} ${fmt(total.gzip)} ${fmt(total.br)}`);
