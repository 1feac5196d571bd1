#!/usr/bin/env node
// Benchmark: eventctl lint on a generated platform of 2,000 consumers and 1,000 topics (1,000
// schema files). Prints JSON; the budget is 3 s for the whole CLI run. Needs `npm run build`.
// Usage: node bench/lint.mjs [--consumers 2000] [--topics 1000] [--runs 3]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const CONSUMERS = arg('consumers', 2000);
const TOPICS = arg('topics', 1000);
const RUNS = arg('runs', 3);
const BUSES = 10;
const BUDGET_MS = 3000;
const BIN = fileURLToPath(new URL('../bin/eventctl.js', import.meta.url));

function generate(dir) {
  mkdirSync(join(dir, 'schemas'));
  mkdirSync(join(dir, 'runbooks'));
  writeFileSync(join(dir, 'runbooks/replay.md'), '# replay\n');
  writeFileSync(join(dir, 'runbooks/dlq.md'), '# dlq\n');
  // A real policy (lint reads its replay limits through the approval module's strict parser).
  writeFileSync(join(dir, 'approval-policy.yaml'), readFileSync(new URL('../fixtures/lint/approval-policy.yaml', import.meta.url)));
  const y = ['apiVersion: eventctl/v1', 'platform: bench', 'defaults: { compatibility: BACKWARD_TRANSITIVE }', 'buses:'];
  for (let b = 0; b < BUSES; b += 1) y.push(`  - name: bus-${b}`, `    archive: { name: bus-${b}-archive, retentionDays: 30 }`);
  y.push('topics:');
  const topicBus = [];
  for (let t = 0; t < TOPICS; t += 1) {
    const bus = t % BUSES;
    topicBus.push(bus);
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      required: ['id', 'entityId', 'traceparent', 'payload'],
      properties: {
        id: { type: 'string' },
        entityId: { type: 'string' },
        traceparent: { type: 'string' },
        payload: { $ref: '#/$defs/payload' },
      },
      $defs: { payload: { type: 'object', required: ['amount'], properties: { amount: { type: 'number' }, note: { type: 'string' } } } },
    };
    writeFileSync(join(dir, `schemas/topic-${t}.json`), JSON.stringify(schema, null, 2));
    y.push(
      `  - name: topic-${t}`,
      `    bus: bus-${bus}`,
      `    source: com.bench.s${t % 37}`,
      `    detailType: Event${t}`,
      `    schema: schemas/topic-${t}.json`,
      `    owner: team-${t % 23}`,
      '    correlation: /detail/entityId',
    );
  }
  y.push('consumers:');
  const classes = ['projection', 'operational', 'projection', 'workflow', 'operational'];
  for (let c = 0; c < CONSUMERS; c += 1) {
    const cls = classes[c % classes.length];
    // 1-3 topics on one bus: topics t, t+BUSES, t+2*BUSES share a bus.
    const first = c % TOPICS;
    const subs = [first, first + BUSES, first + 2 * BUSES].slice(0, 1 + (c % 3)).filter((t) => t < TOPICS);
    const name = `consumer-${c}`;
    y.push(`  - name: ${name}`, `    class: ${cls}`);
    // A few planted problems so the finding path is exercised too.
    if (c % 97 !== 0) y.push(`    owner: team-${c % 41}`);
    y.push(`    subscribes: [${subs.map((t) => `topic-${t}`).join(', ')}]`, `    rule: ${name}`, `    queue: ${name}`, `    dlq: ${name}-dlq`, '    maxReceiveCount: 5');
    if (cls === 'operational') {
      y.push(`    idempotency: { key: /detail/id, windowHours: ${c % 113 === 0 ? 24 : 720} }`, '    sideEffects: [api]', '    lag: { maxAgeSeconds: 300 }');
    } else if (cls === 'projection') {
      y.push('    rebuildable: true', '    lag: { maxAgeSeconds: 900 }');
    } else {
      y.push(`    workflow: wf-${c % 5}`, '    correlation: /detail/entityId', `    dedupe: { key: ${c % 89 === 0 ? '/detail/payload/note' : '/detail/id'}, windowHours: 720 }`, '    lag: { maxAgeSeconds: 300 }');
    }
  }
  y.push('workflows:');
  for (let w = 0; w < 5; w += 1) y.push(`  - { name: wf-${w}, engine: stepfunctions, stateMachine: wf-${w} }`);
  y.push(
    'replay:',
    '  approvalPolicy: approval-policy.yaml',
    'observability:',
    '  tracing: { propagation: /detail/traceparent }',
    '  lagAlarms: true',
    'runbooks:',
    '  replay: runbooks/replay.md',
    '  dlq: runbooks/dlq.md',
  );
  const text = `${y.join('\n')}\n`;
  writeFileSync(join(dir, 'eventctl.yaml'), text);
  return { lines: y.length, bytes: Buffer.byteLength(text) };
}

const dir = mkdtempSync(join(tmpdir(), 'eventctl-bench-lint-'));
try {
  const size = generate(dir);
  const manifest = join(dir, 'eventctl.yaml');
  const out = join(dir, 'report.json');

  // Whole CLI, as CI runs it: process start, load + validate + schemas, rules, JSON output.
  const cliMs = [];
  let exit;
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    const run = spawnSync(process.execPath, [BIN, 'lint', '-m', manifest, '--format', 'json', '-o', out], { encoding: 'utf8' });
    cliMs.push(performance.now() - start);
    exit = run.status;
    if (run.status !== 0 && run.status !== 1) throw new Error(`eventctl lint exited ${run.status}: ${run.stderr}`);
  }
  const report = JSON.parse((await import('node:fs')).readFileSync(out, 'utf8'));

  // In-process phases, from the built modules.
  const { loadManifest } = await import('../dist/src/manifest/load.js');
  const { resolveLintConfig } = await import('../dist/src/lint/lint-config.js');
  const { presetLoader } = await import('../dist/src/lint/presets.js');
  const { createLintInput } = await import('../dist/src/lint/lint-input.js');
  const { readLintFacts } = await import('../dist/src/lint/read-lint-facts.js');
  const { runLint } = await import('../dist/src/lint/run-lint.js');
  let t = performance.now();
  const loaded = loadManifest(manifest);
  const loadMs = performance.now() - t;
  t = performance.now();
  const config = resolveLintConfig(loaded.manifest.lint, presetLoader(loaded), (p) => loaded.locate(p));
  const input = createLintInput(loaded, readLintFacts(loaded), new Date());
  const prepareMs = performance.now() - t;
  t = performance.now();
  const configured = runLint(input, config, (p) => loaded.locate(p));
  const rulesMs = performance.now() - t;
  t = performance.now();
  const every = runLint(input, config, (p) => loaded.locate(p), { mode: 'every-rule' });
  const everyRuleMs = performance.now() - t;

  const round = (n) => Math.round(n);
  const median = [...cliMs].sort((a, b) => a - b)[Math.floor(cliMs.length / 2)];
  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: 'lint',
        node: process.version,
        // Wall times depend on what else runs: record the machine's state beside them.
        machine: { cpus: cpus().length, loadAverage1m: Number(loadavg()[0].toFixed(2)) },
        consumers: CONSUMERS,
        topics: TOPICS,
        schemas: loaded.schemas.size,
        manifest: size,
        exitCode: exit,
        findings: report.summary,
        cli: { runs: cliMs.map(round), medianMs: round(median) },
        inProcess: { loadAndValidateMs: round(loadMs), prepareMs: round(prepareMs), rulesMs: round(rulesMs), everyRuleMs: round(everyRuleMs), findings: configured.findings.length, everyRuleFindings: every.findings.length },
        budgetMs: BUDGET_MS,
        withinBudget: median < BUDGET_MS,
      },
      null,
      2,
    )}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
