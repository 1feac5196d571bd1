#!/usr/bin/env node
// Startup benchmark: bare `node -e 0`, `eventctl --version` and `eventctl validate` on the
// example platform, interleaved round by round so machine noise hits all three alike.
// Prints medians (ms) and ratios to bare Node as JSON. Needs a build (`npm run build`).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = fileURLToPath(new URL('../bin/eventctl.js', import.meta.url));
const rounds = Number(process.env.BENCH_ROUNDS ?? 30);
const cases = {
  node: [process.execPath, ['-e', '0']],
  version: [process.execPath, [bin, '--version']],
  validate: [process.execPath, [bin, 'validate', '-m', 'fixtures/platform/eventctl.yaml']],
};
const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));

function time([cmd, args]) {
  const start = process.hrtime.bigint();
  const result = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

for (const c of Object.values(cases)) time(c); // warm the file cache and compile cache
for (let i = 0; i < rounds; i += 1) {
  for (const [name, c] of Object.entries(cases)) samples[name].push(time(c));
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const medians = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, Number(median(v).toFixed(1))]));
console.log(
  JSON.stringify(
    {
      benchmark: 'startup',
      node: process.version,
      rounds,
      medianMs: medians,
      ratioToNode: {
        version: Number((medians.version / medians.node).toFixed(2)),
        validate: Number((medians.validate / medians.node).toFixed(2)),
      },
      targets: { version: 2, validate: 4 },
    },
    null,
    2,
  ),
);
