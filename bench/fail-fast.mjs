#!/usr/bin/env node
// Fail-fast benchmark: how each live command fails with the endpoint down. For `dlq inspect`,
// `dlq redrive`, `lag` and `replay run` it prints (JSON) the exit code and seconds to fail with
// nothing listening (127.0.0.1:1), and the HTTP attempts per operation against an endpoint that
// accepts each request and drops it. eventctl's own retry policy applies (no AWS_MAX_ATTEMPTS):
// whole calls are retried by the SDK alone, so every command should make one call's attempts
// (two for replay run, which asks STS who the credentials belong to beside its first call) and
// fail in about the same time. Needs a build (`npm run build`) and moto (for the replay plan).
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMoto } from './moto.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const repo = mkdtempSync(join(tmpdir(), 'eventctl-bench-fail-fast-'));
cpSync(join(root, 'fixtures/platform'), repo, { recursive: true });
const git = (args) => execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@eventctl.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, stdio: 'ignore' });
git(['init', '-q', '-b', 'main']);
git(['add', '-A']);
git(['commit', '-q', '-m', 'platform']);

function cli(args, endpoint) {
  const env = { ...process.env, NO_COLOR: '1', NODE_NO_WARNINGS: '1', CI: '1', AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: endpoint };
  delete env.AWS_MAX_ATTEMPTS;
  delete env.AWS_PROFILE;
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [join(root, 'bin/eventctl.js'), ...args, '-m', join(repo, 'eventctl.yaml')], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code, seconds: Number(process.hrtime.bigint() - started) / 1e9, stderr }));
  });
}

// A replay plan made while AWS answers (projection only: runnable without approvals).
const moto = await startMoto();
const planDir = join(repo, 'replays', 'bench');
try {
  const end = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000);
  const iso = (d) => d.toISOString().replace('.000Z', 'Z');
  for (const args of [['sandbox', 'up'], ['replay', 'plan', 'orders-read-model', '--from', iso(new Date(end.getTime() - 3_600_000)), '--to', iso(end), '--out', planDir, '--requester', 'bench', '--reason', 'BENCH-1: fail fast']]) {
    const r = await cli(args, moto.endpoint);
    if (r.code !== 0) throw new Error(`${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  }
} finally {
  moto.child.kill();
}

const operations = [];
const dropping = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const target = req.headers['x-amz-target'];
    operations.push(typeof target === 'string' ? target.split('.').pop() : (/Action=([^&]+)/.exec(Buffer.concat(chunks).toString())?.[1] ?? `${req.method} ${req.url}`));
    req.socket.destroy();
  });
});
await new Promise((resolve) => dropping.listen(0, '127.0.0.1', resolve));
const droppingEndpoint = `http://127.0.0.1:${dropping.address().port}`;

const commands = {
  'dlq inspect': ['dlq', 'inspect', 'orders-read-model'],
  'dlq redrive': ['dlq', 'redrive', 'orders-read-model', '--yes'],
  lag: ['lag', 'orders-read-model'],
  'replay run': ['replay', 'run', planDir, '--yes'],
};
const results = {};
try {
  for (const [name, args] of Object.entries(commands)) {
    const seconds = [];
    let exit;
    let error;
    for (let round = 0; round < ROUNDS; round += 1) {
      const r = await cli(args, 'http://127.0.0.1:1');
      seconds.push(r.seconds);
      exit = r.code;
      error = r.stderr.split('\n').find((l) => l.startsWith('eventctl:'));
    }
    operations.length = 0;
    const dropped = await cli(args, droppingEndpoint);
    const attempts = {};
    for (const op of operations) attempts[op] = (attempts[op] ?? 0) + 1;
    seconds.sort((a, b) => a - b);
    results[name] = { exit, medianSecondsToFail: Number(seconds[Math.floor(seconds.length / 2)].toFixed(2)), attempts: operations.length, attemptsByOperation: attempts, exitWhenDropped: dropped.code, error };
  }
} finally {
  dropping.close();
  rmSync(repo, { recursive: true, force: true });
}
console.log(JSON.stringify({ benchmark: 'fail-fast', endpoint: 'down', rounds: ROUNDS, node: process.version, results }, null, 2));
