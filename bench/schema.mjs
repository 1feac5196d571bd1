#!/usr/bin/env node
// Schema engine benchmark (needs `npm run build`). Prints JSON:
//  (a) the same generated schema pairs through eventctl's engine (both directions, bundles built
//      from the objects) and json-schema-diff, interleaved pair by pair; per-pair medians and ratio;
//  (b) `eventctl schema check` on a generated git repository of TOPICS topics with VERSIONS
//      committed versions each (plus a compatible working-tree edit) under FULL_TRANSITIVE:
//      wall time and peak RSS of the CLI process.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemaPairs } from './schema-pairs.mjs';

const PAIRS = Number(process.env.BENCH_PAIRS ?? 500);
const TOPICS = Number(process.env.BENCH_TOPICS ?? 500);
const VERSIONS = Number(process.env.BENCH_VERSIONS ?? 5);
const root = fileURLToPath(new URL('..', import.meta.url));

const { bundleFromValue } = await import('../dist/src/schema/bundle.js');
const { diffSchemas } = await import('../dist/src/schema/modes.js');
const { default: jsd } = await import('json-schema-diff');

// (a) per-pair speed, interleaved.
const pairs = schemaPairs(PAIRS, 2026);
const ours = [];
const theirs = [];
async function eventctl(pair) {
  const result = diffSchemas(await bundleFromValue(pair.oldSchema), await bundleFromValue(pair.newSchema), { mode: 'FULL', policy: 'strict' });
  return result.changes.length;
}
for (const pair of pairs.slice(0, 20)) {
  await eventctl(pair);
  await jsd.diffSchemas({ sourceSchema: pair.oldSchema, destinationSchema: pair.newSchema });
}
for (const pair of pairs) {
  let t = performance.now();
  await eventctl(pair);
  ours.push(performance.now() - t);
  t = performance.now();
  await jsd.diffSchemas({ sourceSchema: pair.oldSchema, destinationSchema: pair.newSchema });
  theirs.push(performance.now() - t);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const perPair = {
  pairs: PAIRS,
  eventctlMedianMs: round(median(ours)),
  jsonSchemaDiffMedianMs: round(median(theirs)),
  eventctlTotalMs: round(sum(ours)),
  jsonSchemaDiffTotalMs: round(sum(theirs)),
  ratioMedian: round(median(theirs) / median(ours)),
  ratioTotal: round(sum(theirs) / sum(ours)),
};

// (b) schema check on a generated repository.
const repo = mkdtempSync(join(tmpdir(), 'eventctl-bench-schema-'));
const git = (...args) => execFileSync('git', args, { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@example.com', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@example.com' } });
git('init', '-q', '-b', 'main');
mkdirSync(join(repo, 'schemas'));
const topics = Array.from({ length: TOPICS }, (_, i) => `topic.t${String(i).padStart(4, '0')}`);
writeFileSync(
  join(repo, 'eventctl.yaml'),
  `apiVersion: eventctl/v1\nplatform: bench\ndefaults: { compatibility: FULL_TRANSITIVE, policy: strict }\nbuses:\n  - name: main\ntopics:\n${topics
    .map((t, i) => `  - name: ${t}\n    bus: main\n    source: com.bench\n    detailType: T${i}\n    schema: schemas/${t}.json`)
    .join('\n')}\nconsumers: []\n`,
);
const schemaVersion = (i, v) => {
  const properties = { id: { type: 'string', maxLength: 36 }, amount: { type: 'number', minimum: 0 }, status: { enum: ['new', 'paid', 'shipped'] }, lines: { type: 'array', items: { $ref: '#/$defs/line' } } };
  for (let k = 0; k < v; k += 1) properties[`extra${k}`] = {}; // compatible in both directions
  return JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', title: `T${i} v${v}`, type: 'object', properties, required: ['id'], $defs: { line: { type: 'object', properties: { sku: { type: 'string' }, qty: { type: 'integer', minimum: 1 } }, required: ['sku'] } } }, null, 2);
};
for (let v = 0; v < VERSIONS; v += 1) {
  topics.forEach((t, i) => writeFileSync(join(repo, 'schemas', `${t}.json`), schemaVersion(i, v)));
  git('add', '-A');
  git('commit', '-qm', `v${v}`);
}
topics.forEach((t, i) => writeFileSync(join(repo, 'schemas', `${t}.json`), schemaVersion(i, VERSIONS)));
const check = await runCheck();
if (!process.env.BENCH_KEEP) rmSync(repo, { recursive: true, force: true });
else process.stderr.write(`kept ${repo}\n`);

process.stdout.write(`${JSON.stringify({ perPair, schemaCheck: { topics: TOPICS, versions: VERSIONS, mode: 'FULL_TRANSITIVE', ...check } }, null, 2)}\n`);

function runCheck() {
  // The child reports its own peak RSS when it exits; wall time is measured here.
  const probe = `import(${JSON.stringify(new URL('../dist/src/main.js', import.meta.url).href)}).then(async (m) => { const code = await m.run({ argv: ['schema', 'check', '--against', 'HEAD', '--format', 'json', '-o', ${JSON.stringify(join(repo, 'out.json'))}], cwd: ${JSON.stringify(repo)} }); process.stderr.write('\\n@@' + JSON.stringify({ code, maxRssKb: process.resourceUsage().maxRSS, cpu: process.cpuUsage() }) + '\\n'); })`;
  return new Promise((resolvePromise, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, ['--input-type=module', '-e', probe], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', () => {
      const wallMs = performance.now() - start;
      const line = stderr.split('\n').find((l) => l.startsWith('@@'));
      if (!line) return reject(new Error(`schema check failed:\n${stderr}`));
      const { code, maxRssKb, cpu } = JSON.parse(line.slice(2));
      // CPU time is printed beside wall time: on a shared machine the wall time includes waiting for a core.
      resolvePromise({ exitCode: code, wallMs: round(wallMs), cpuMs: round((cpu.user + cpu.system) / 1000), peakRssMb: round(maxRssKb / 1024), loadAverage1m: round(loadavg()[0]) });
    });
  });
}

function round(x) {
  return Math.round(x * 100) / 100;
}
