// Prints the release bundle's size by kind (wasm, js, css, html, other), raw and gzipped.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const dir = process.argv[2] || 'dist';
const kinds = {};
for (const name of fs.readdirSync(dir)) {
  const file = path.join(dir, name);
  if (!fs.statSync(file).isFile()) continue;
  const body = fs.readFileSync(file);
  const kind = (path.extname(name).slice(1) || 'other').replace(/^(svg|ico|png)$/, 'icon');
  const k = (kinds[kind] ||= { raw: 0, gzip: 0, files: 0 });
  k.raw += body.length;
  k.gzip += zlib.gzipSync(body, { level: 9 }).length;
  k.files += 1;
}
let raw = 0;
let gzip = 0;
const fmt = (n) => n.toLocaleString('en-US').padStart(10);
console.log('bundle   files        raw       gzip');
for (const [kind, k] of Object.entries(kinds).sort()) {
  console.log(`${kind.padEnd(8)} ${String(k.files).padStart(5)} ${fmt(k.raw)} ${fmt(k.gzip)}`);
  raw += k.raw;
  gzip += k.gzip;
}
console.log(`${'total'.padEnd(8)} ${''.padStart(5)} ${fmt(raw)} ${fmt(gzip)}`);
