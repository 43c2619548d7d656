// Where the wasm bytes go (`make bench`). Trunk's release wasm has no names, so this builds the same wasm with
// names kept: the same cargo release build with v0 symbol mangling (so generic instances name their type
// arguments: which component a Yew `view` is, which protocol a `World<P>` is), then wasm-bindgen and
// `wasm-opt -Oz --converge -g` as Trunk runs them. Its code and data are the shipped wasm's to within a few
// hundred bytes (printed), plus a name section. Then: twiggy's top items and monomorphisations, and sums by
// crate/module and by concern (serde, fmt, drop glue, …), raw bytes and gzip -9 of each group's own bytes.
// `node tools/wasm-size.mjs [DIST]`; needs twiggy (`cargo install --locked twiggy`), wasm-bindgen, wasm-opt.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { gzip } from './compress.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.resolve(process.argv[2] || path.join(ROOT, 'dist'));
const TARGET = path.resolve(process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target'));
const WORK = path.join(TARGET, 'bench', 'wasm-names');
const BUILD = path.join(TARGET, 'bench', 'v0');
const log = (...a) => console.error(...a);
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const run = (cmd, args, env = {}) => execFileSync(cmd, args, {
  cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env }, maxBuffer: 1 << 28,
}).toString();

// ---- 1. The named build ------------------------------------------------------------------------------------
function namedWasm() {
  log('wasm-size: cargo build (release, wasm32, v0 symbol names) into target/bench/v0');
  run('cargo', ['build', '--profile', 'wasm', '--locked', '--target', 'wasm32-unknown-unknown', '--bin', 'lunch-parliament'], {
    CARGO_TARGET_DIR: BUILD,
    RUSTFLAGS: `${process.env.RUSTFLAGS || ''} -C symbol-mangling-version=v0`.trim(),
  });
  const input = path.join(BUILD, 'wasm32-unknown-unknown', 'wasm', 'lunch-parliament.wasm');
  const out = path.join(WORK, 'named-opt.wasm');
  if (fs.existsSync(out) && fs.statSync(out).mtimeMs > fs.statSync(input).mtimeMs) return out;
  fs.mkdirSync(WORK, { recursive: true });
  log('wasm-size: wasm-bindgen, then wasm-opt -Oz --converge -g (about 2 minutes)');
  run('wasm-bindgen', ['--target', 'web', '--out-dir', WORK, '--out-name', 'named', input]);
  run('wasm-opt', ['-Oz', '--converge', '-g', '--strip-producers', '--strip-target-features',
    path.join(WORK, 'named_bg.wasm'), '-o', out]);
  return out;
}

// ---- 2. A small wasm reader: function bodies, data segments, names ------------------------------------------
export function parseWasm(buf) {
  let pos = 8;
  const u32 = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = buf[pos++];
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (!(b & 0x80)) return result;
    }
  };
  const skipLeb = () => { while (buf[pos++] & 0x80); };
  const str = () => { const n = u32(); const s = buf.toString('utf8', pos, pos + n); pos += n; return s; };
  const limits = () => { const flag = u32(); u32(); if (flag & 1) u32(); };
  const constExpr = () => {
    for (;;) {
      const op = buf[pos++];
      if (op === 0x0b) return;
      if (op === 0x41 || op === 0x42 || op === 0x23 || op === 0xd2) skipLeb();
      else if (op === 0xd0) pos += 1;
      else if (op === 0x44) pos += 8;
      else if (op === 0x43) pos += 4;
    }
  };
  let importedFuncs = 0;
  const bodies = [];
  const data = [];
  const funcNames = new Map();
  const dataNames = new Map();
  const sections = [];
  while (pos < buf.length) {
    const id = buf[pos++];
    const size = u32();
    const start = pos;
    const end = pos + size;
    if (id === 2) {
      for (let n = u32(); n > 0; n -= 1) {
        str(); str();
        const kind = buf[pos++];
        if (kind === 0) { u32(); importedFuncs += 1; } else if (kind === 1) { pos += 1; limits(); } else if (kind === 2) limits();
        else if (kind === 3) pos += 2;
        else if (kind === 4) { pos += 1; u32(); }
      }
    } else if (id === 10) {
      for (let n = u32(), i = 0; i < n; i += 1) {
        const len = u32();
        bodies.push({ index: importedFuncs + i, bytes: buf.subarray(pos, pos + len) });
        pos += len;
      }
    } else if (id === 11) {
      for (let n = u32(), i = 0; i < n; i += 1) {
        const flag = u32();
        if (flag === 2) u32();
        if (flag !== 1) constExpr();
        const len = u32();
        data.push({ index: i, bytes: buf.subarray(pos, pos + len) });
        pos += len;
      }
    } else if (id === 0) {
      const name = str();
      if (name === 'name') {
        while (pos < end) {
          const sub = buf[pos++];
          const subEnd = u32() + pos;
          if (sub === 1 || sub === 9) {
            const map = sub === 1 ? funcNames : dataNames;
            for (let n = u32(); n > 0; n -= 1) { const i = u32(); map.set(i, str()); }
          }
          pos = subEnd;
        }
      }
      sections.push({ name: `custom "${name}"`, size });
    }
    if (id !== 0) sections.push({ name: `section ${id}`, size });
    pos = end;
    void start;
  }
  return {
    functions: bodies.map((b) => ({ name: funcNames.get(b.index) || `code[${b.index - importedFuncs}]`, bytes: b.bytes })),
    data: data.map((d) => ({ name: `data ${dataNames.get(d.index) || `[${d.index}]`}`, bytes: d.bytes })),
    sections,
  };
}

// ---- 3. Who owns a function ---------------------------------------------------------------------------------
/** Drops rustc's crate disambiguators (`yew[a54a75c41c648f7e]::` → `yew::`) and legacy hashes. */
export const clean = (name) => name.replace(/\[[0-9a-f]{8,16}\]/g, '').replace(/::h[0-9a-f]{16}$/, '');

/** The path a function belongs to: the self type of `<T as Trait>::f` / `<T>::f`, else the path itself. */
function ownerPath(name) {
  let s = name;
  for (;;) {
    s = s.replace(/^(&mut |&|\*const |\*mut |dyn |\(|\[)+/, '');
    if (!s.startsWith('<')) break;
    s = s.slice(1);
  }
  return s.match(/^[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)*/)?.[0] ?? s;
}

const YEW_LIFECYCLE = /^<yew::html::component::lifecycle::\w+<lunch_parliament::((?:\w+::)*?)[A-Z]\w*>/;
const YEW_FN_COMPONENT = /^<yew::functional::FunctionComponent<lunch_parliament::((?:\w+::)*?)[A-Z]\w*>/;

/** Crate, or our module (`ours: ui::chamber`): a Yew component's lifecycle instance counts as that component's. */
export function crateOf(raw) {
  const name = clean(raw);
  const comp = name.match(YEW_LIFECYCLE) || name.match(YEW_FN_COMPONENT);
  if (comp) return `ours: ${comp[1].replace(/::$/, '')}`;
  if (!/[:<]/.test(name)) return /^code\[/.test(name) ? '(unnamed code)' : name;
  const parts = ownerPath(name).split('::');
  if (parts[0] === 'lunch_parliament') {
    const mod = parts.slice(1, parts[1] === 'ui' ? 3 : 2).filter((p) => /^[a-z_0-9]+$/.test(p));
    return `ours: ${mod.join('::') || '(crate root)'}`;
  }
  if (/^[A-Z]/.test(parts[0]) || ['str', 'char', 'u8', 'u16', 'u32', 'u64', 'u128', 'usize', 'i32', 'i64', 'f32', 'f64', 'bool'].includes(parts[0])) return 'core';
  return parts[0];
}

/** What a function is for, across crates; the first rule that matches wins. */
export const CONCERNS = [
  ['serde: serde_json, serde_path_to_error, derived (de)serializers', (n) => /serde/.test(n)],
  ['Debug impls (derive(Debug) and std\'s)', (n) => /as core::fmt::Debug>::fmt|core::fmt::builders::|PadAdapter/.test(n)],
  ['core::fmt machinery, Display impls, float printing', (n) => /core::fmt|flt2dec|float_to_decimal|as core::fmt::Display>::fmt|alloc::fmt::format|escape_debug|as alloc::string::ToString>::to_string/.test(n)],
  ['panics, bounds and unwrap failures', (n) => /panic|slice_error_fail|slice_index|unwrap_failed|expect_failed|assert_failed|core::result::unwrap|core::option::unwrap|core::option::expect/.test(n)],
  ['drop glue (drop_in_place)', (n) => /^core::ptr::drop_in_place/.test(n)],
  ['sorting instances (core::slice::sort)', (n) => /core::slice::sort/.test(n)],
  ['BTreeMap/BTreeSet instances', (n) => /alloc::collections::btree/.test(n)],
  ['Clone/PartialEq/Hash impls', (n) => /as core::clone::Clone>::clone|as core::cmp::PartialEq>::eq|as core::hash::Hash>::hash|as core::cmp::Ord>::cmp|as core::cmp::PartialOrd>::partial_cmp/.test(n)],
];

const PROTOCOL = /lunch_parliament::(synod|multipaxos|corfu)::/g;

/** The generic function an instance belongs to: its name without generic arguments (`quicksort::<T, F>` → `quicksort`). */
export function genericKey(name) {
  let out = '';
  for (let i = 0; i < name.length; i += 1) {
    if (name[i] === '<' && i > 0 && /[A-Za-z0-9_:]/.test(name[i - 1])) {
      let depth = 0;
      for (; i < name.length; i += 1) {
        if (name[i] === '-' && name[i + 1] === '>') { i += 1; continue; }
        if (name[i] === '<') depth += 1;
        else if (name[i] === '>' && (depth -= 1) === 0) break;
      }
      out += '<…>';
    } else {
      out += name[i];
    }
  }
  return out.replace(/::<…>/g, '').replace(/\[\d+\]$/, '');
}

/** Bytes in runs of 8 or more printable characters: text (strings on screen, messages) rather than tables. */
const textBytes = (bytes) => (bytes.toString('latin1').match(/[\x20-\x7e\xc2-\xf4\x80-\xbf]{8,}/g) || []).reduce((a, r) => a + r.length, 0);

// ---- 4. Report -----------------------------------------------------------------------------------------------
function table(rows, total, totalGz, title, limit = rows.length) {
  console.log(`\n${title}`);
  console.log(`  ${'bytes'.padStart(9)} ${'%'.padStart(6)} ${'gzip -9'.padStart(9)}  group`);
  let shown = 0;
  for (const r of rows.slice(0, limit)) {
    console.log(`  ${fmt(r.raw).padStart(9)} ${((100 * r.raw) / total).toFixed(1).padStart(5)}% ${fmt(r.gz).padStart(9)}  ${r.key}${r.count > 1 ? ` (${r.count} items)` : ''}`);
    shown += r.raw;
  }
  if (rows.length > limit) {
    const rest = rows.slice(limit);
    console.log(`  ${fmt(total - shown).padStart(9)} ${((100 * (total - shown)) / total).toFixed(1).padStart(5)}% ${fmt(rest.reduce((a, r) => a + r.gz, 0)).padStart(9)}  … ${rest.length} more groups`);
  }
  void totalGz;
}

function group(items, keyOf) {
  const groups = new Map();
  for (const it of items) {
    const key = keyOf(it);
    if (key === null) continue;
    const g = groups.get(key) || { key, raw: 0, parts: [], count: 0 };
    g.raw += it.bytes.length;
    g.parts.push(it.bytes);
    g.count += 1;
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => ({ ...g, gz: gzip(Buffer.concat(g.parts)).length })).sort((a, b) => b.raw - a.raw);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = namedWasm();
  const buf = fs.readFileSync(file);
  const wasm = parseWasm(buf);
  const shipped = fs.readdirSync(DIST).find((n) => n.endsWith('_bg.wasm'));
  const shippedBytes = shipped ? fs.readFileSync(path.join(DIST, shipped)) : null;
  const nameSection = wasm.sections.filter((s) => s.name === 'custom "name"').reduce((a, s) => a + s.size, 0);
  const items = [...wasm.functions, ...wasm.data].map((it) => ({ ...it, name: clean(it.name) }));
  const code = wasm.functions.reduce((a, f) => a + f.bytes.length, 0);
  const data = wasm.data.reduce((a, d) => a + d.bytes.length, 0);
  const total = code + data;
  const totalGz = shippedBytes ? gzip(shippedBytes).length : gzip(buf).length;
  console.log(`named build: ${path.relative(ROOT, file)}: ${fmt(buf.length)} bytes = ${fmt(buf.length - nameSection)} without its name section` +
    (shippedBytes ? ` (shipped ${shipped}: ${fmt(shippedBytes.length)} bytes, gzip -9 ${fmt(totalGz)})` : ''));
  console.log(`code ${fmt(code)} bytes in ${fmt(wasm.functions.length)} functions, data ${fmt(data)} bytes in ${wasm.data.length} segments, the rest (types, imports, tables, exports) ${fmt(buf.length - nameSection - total)}`);
  console.log('gzip -9 below is of each group\'s own bytes compressed alone (a group compresses a little worse alone than inside the whole file).');

  const byCrate = group(items, (it) => (it.name.startsWith('data ') ? 'data segments (strings, constant tables)' : crateOf(it.name)));
  table(byCrate, total, totalGz, 'By crate (ours by module; a Yew component\'s lifecycle instances count as the component\'s):', 30);

  const concern = (n) => (CONCERNS.find(([, test]) => test(n)) || [null])[0];
  const byConcern = group(items.filter((it) => !it.name.startsWith('data ')), (it) => concern(it.name));
  table(byConcern, total, totalGz, 'By concern, across crates (exclusive, first rule wins):');

  const ours = items.filter((it) => !it.name.startsWith('data ') && crateOf(it.name).startsWith('ours') && !concern(it.name));
  const byProtocol = group(ours, (it) => {
    const found = new Set([...it.name.matchAll(PROTOCOL)].map((m) => m[1]));
    return found.size === 1 ? `mentions only ${[...found][0]}` : found.size > 1 ? 'mentions several protocols' : 'protocol-free (kit, UI shell)';
  });
  table(byProtocol, total, totalGz, 'Our code (outside the concerns above) by the protocol its name mentions:');

  // The same generic function instantiated once per protocol: the copies beyond the largest are duplication.
  const generic = new Map();
  for (const it of items) {
    const found = new Set([...it.name.matchAll(PROTOCOL)].map((m) => m[1]));
    if (found.size !== 1) continue;
    const key = it.name.replace(PROTOCOL, 'lunch_parliament::P::').replace(/\b(Synod|MultiPaxos|Corfu)\b/g, 'P');
    const g = generic.get(key) || { key, sizes: {} };
    g.sizes[[...found][0]] = (g.sizes[[...found][0]] || 0) + it.bytes.length;
    generic.set(key, g);
  }
  const dup = [...generic.values()].filter((g) => Object.keys(g.sizes).length > 1)
    .map((g) => { const s = Object.values(g.sizes); return { ...g, total: s.reduce((a, b) => a + b, 0), extra: s.reduce((a, b) => a + b, 0) - Math.max(...s) }; })
    .sort((a, b) => b.extra - a.extra);
  const dupExtra = dup.reduce((a, g) => a + g.extra, 0);
  const dupTotal = dup.reduce((a, g) => a + g.total, 0);
  console.log(`\nThe same function instantiated per protocol (synod, multipaxos, corfu): ${dup.length} functions, ${fmt(dupTotal)} bytes, of which ${fmt(dupExtra)} are copies beyond the largest instance. Largest:`);
  for (const g of dup.slice(0, 15)) {
    console.log(`  ${fmt(g.total).padStart(7)} (${fmt(g.extra).padStart(6)} copies)  ${g.key.slice(0, 150)}  [${Object.entries(g.sizes).map(([p, n]) => `${p} ${fmt(n)}`).join(', ')}]`);
  }

  const others = items.filter((it) => !it.name.startsWith('data ') && /lunch_parliament::(corfu|multipaxos)::|ui::(corfu_tab|multipaxos_tab)/.test(it.name) && !/lunch_parliament::synod::|ui::synod_tab/.test(it.name));
  const othersBytes = others.reduce((a, it) => a + it.bytes.length, 0);
  const rest = items.filter((it) => !others.includes(it));
  const gzOf = (xs) => gzip(Buffer.concat(xs.map((it) => it.bytes))).length;
  console.log(`\nFunctions whose names tie them to CORFU or Multi-Paxos only (what a Synod-only wasm would drop at least; helpers only they call are not counted): ${fmt(others.length)} functions, ${fmt(othersBytes)} bytes, gzip -9 alone ${fmt(gzOf(others))}. ` +
    `All code and data: ${fmt(total)} bytes, gzip -9 ${fmt(gzOf(items))}; without those: ${fmt(total - othersBytes)} bytes, gzip -9 ${fmt(gzOf(rest))}.`);

  const monos = group(items.filter((it) => !it.name.startsWith('data ') && /<|::\{closure/.test(it.name)), (it) => genericKey(it.name))
    .filter((g) => g.count > 1)
    .map((g) => ({ ...g, bloat: g.raw - Math.max(...items.filter((it) => genericKey(it.name) === g.key).map((it) => it.bytes.length)) }))
    .sort((a, b) => b.bloat - a.bloat);
  console.log('\nMonomorphisations: generic functions by bytes beyond their largest instance (twiggy monos cannot group v0 names, so grouped here by the name without its generic arguments; for Yew’s view and CreateRunner the instances are different components, not copies):');
  console.log(`  ${'total'.padStart(8)} ${'beyond'.padStart(8)} ${'gzip -9'.padStart(8)} instances  function`);
  for (const g of monos.slice(0, 20)) {
    console.log(`  ${fmt(g.raw).padStart(8)} ${fmt(g.bloat).padStart(8)} ${fmt(g.gz).padStart(8)} ${String(g.count).padStart(9)}  ${g.key.slice(0, 150)}`);
  }
  const monoTotal = monos.reduce((a, g) => a + g.raw, 0);
  const monoBloat = monos.reduce((a, g) => a + g.bloat, 0);
  console.log(`  ${fmt(monoTotal).padStart(8)} ${fmt(monoBloat).padStart(8)} ${''.padStart(8)} ${String(monos.reduce((a, g) => a + g.count, 0)).padStart(9)}  all ${monos.length} generic functions with more than one instance`);

  console.log('\nData segments (largest), and how much of each is text (runs of 8+ printable characters):');
  for (const d of [...wasm.data].sort((a, b) => b.bytes.length - a.bytes.length).slice(0, 5)) {
    const sample = d.bytes.toString('latin1').match(/[\x20-\x7e]{24,}/g)?.sort((a, b) => b.length - a.length)[0] ?? '';
    console.log(`  ${fmt(d.bytes.length).padStart(7)} ${d.name}: ${fmt(textBytes(d.bytes))} text bytes, gzip -9 alone ${fmt(gzip(d.bytes).length)}; e.g. "${sample.slice(0, 110)}"`);
  }

  const twiggy = (args) => run('twiggy', [...args, file]);
  console.log('\ntwiggy top -n 30 (shallow bytes; the name section is not shipped):');
  for (const line of twiggy(['top', '-n', '30']).split('\n').map(clean)) if (line.trim()) console.log(`  ${line.slice(0, 200)}`);

  // Everything sits under the indirect-call table, so the useful part of the dominator tree is one level down:
  // functions that alone keep big subtrees alive (what would go if they went).
  const dom = JSON.parse(twiggy(['dominators', '-f', 'json']));
  const retainers = [];
  const walk = (node, depth) => {
    if (depth >= 3 && node.retained_size >= 6000) retainers.push({ ...node, depth });
    for (const child of node.children || []) walk(child, depth + 1);
  };
  for (const item of dom.items) walk(item, 0);
  console.log('\ntwiggy dominators: functions that alone keep the most bytes reachable (below the indirect-call table):');
  console.log(`  ${'retained'.padStart(9)} ${'shallow'.padStart(8)}  item`);
  for (const r of retainers.sort((a, b) => b.retained_size - a.retained_size).slice(0, 20)) {
    console.log(`  ${fmt(r.retained_size).padStart(9)} ${fmt(r.shallow_size).padStart(8)}  ${'  '.repeat(r.depth - 3)}${clean(r.name).slice(0, 160)}`);
  }
}
