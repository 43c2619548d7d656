// Trunk post-build hook: completes the Content-Security-Policy of the built index.html. The policy allows
// only the app's own files, plus two inline texts by their SHA-256: the start-up script Trunk writes
// inline ('inline-boot-script') and the space-time diagram's <style>, which the core puts in its SVG so
// an exported file looks the same ('inline-diagram-style', read from the same file Rust includes).
// Run by Trunk (TRUNK_STAGING_DIR) or by hand: `node tools/csp.mjs dist`.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir) {
  console.error('usage: node tools/csp.mjs DIST_DIR (or run as a Trunk hook)');
  process.exit(2);
}
const file = path.join(dir, 'index.html');
let html = fs.readFileSync(file, 'utf8');
const sha = (text) => `'sha256-${crypto.createHash('sha256').update(text, 'utf8').digest('base64')}'`;

const scripts = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
const styles = [fs.readFileSync(path.join(ROOT, 'src', 'synod', 'diagram.css'), 'utf8')];
for (const [placeholder, texts] of [["'inline-boot-script'", scripts], ["'inline-diagram-style'", styles]]) {
  const re = new RegExp(`(<meta http-equiv="Content-Security-Policy" content="[^"]*)${placeholder}`);
  if (!re.test(html) || texts.length === 0) {
    console.error(`csp: ${file}: no ${placeholder} placeholder in the policy, or nothing to allow for it`);
    process.exit(1);
  }
  html = html.replace(re, `$1${texts.map(sha).join(' ')}`);
}
fs.writeFileSync(file, html);
console.log(`csp: allowed ${scripts.length} inline script(s) and ${styles.length} style(s) by hash`);
