import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterEach, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/manifest/model.js';
import { BIN, baseEnv, runCli } from '../support/run-cli.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'eventctl-init-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const FLAGS = ['--platform', 'shop', '--topic', 'order.placed', '--consumer', 'billing', '--class', 'operational', '--side-effect', 'payments-api'];

/**
 * Runs `eventctl init` on a real pseudo-terminal (util-linux `script`) and answers each prompt
 * once its text has appeared (polling, generous ceiling: no race with the process).
 */
function initOnTerminal(cwd: string, answers: ReadonlyArray<[prompt: string, keys: string]>): Promise<{ code: number | null; screen: string }> {
  if (spawnSync('sh', ['-c', 'command -v script']).status !== 0) throw new Error('util-linux `script` is missing (it gives the test a terminal)');
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...baseEnv(), TERM: 'xterm' };
    delete env.CI;
    delete env.GITHUB_ACTIONS;
    const child = spawn('script', ['-qfec', `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} init`, '/dev/null'], { cwd, env });
    let screen = '';
    child.stdout.on('data', (c: Buffer) => (screen += c.toString()));
    child.on('error', reject);
    void (async () => {
      let from = 0;
      for (const [prompt, keys] of answers) {
        for (let i = 0; i < 1200; i += 1) {
          const at = screen.indexOf(prompt, from);
          if (at >= 0) {
            from = at + prompt.length;
            break;
          }
          await new Promise((r) => setTimeout(r, 25));
        }
        child.stdin.write(`${keys}\r`);
      }
    })();
    child.on('close', (code) => resolve({ code, screen: screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '') }));
  });
}

describe('eventctl init', () => {
  it('from flags: writes a manifest and schema skeleton that validate accepts, with the obligations of the class', async () => {
    const dir = tempDir();
    const result = await runCli(['init', ...FLAGS], { cwd: dir, env: { COLUMNS: '80' } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('wrote eventctl.yaml and schemas/order.placed.json');
    // next: commands one a line, as every command prints them (they were one 87-column line).
    expect(result.stderr).toContain('next: fill in the schema, then\n  eventctl validate\n  eventctl lint\n  eventctl graph\n');
    expect(result.stderr.split('\n').filter((l) => l.length > 80)).toEqual([]);
    const manifest = load(readFileSync(join(dir, 'eventctl.yaml'), 'utf8')) as Manifest;
    expect(manifest.consumers[0]).toMatchObject({
      name: 'billing',
      class: 'operational',
      idempotency: { key: '/detail/orderId', windowHours: 720 },
      sideEffects: ['payments-api'],
      dlq: 'billing-dlq',
      maxReceiveCount: 5,
      lag: { maxAgeSeconds: 300 },
    });
    const schema = JSON.parse(readFileSync(join(dir, 'schemas/order.placed.json'), 'utf8')) as { required: string[] };
    expect(schema.required).toEqual(['orderId', 'traceparent']);
    const validate = await runCli(['validate'], { cwd: dir });
    expect(validate.code, validate.stderr + validate.stdout).toBe(0);
  });

  it('never overwrites without --force; with it, it does', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'eventctl.yaml'), 'keep me\n');
    const refused = await runCli(['init', ...FLAGS], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('init would overwrite eventctl.yaml');
    expect(readFileSync(join(dir, 'eventctl.yaml'), 'utf8')).toBe('keep me\n');
    const forced = await runCli(['init', ...FLAGS, '--force'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, 'eventctl.yaml'), 'utf8')).toContain('platform: shop');
  });

  it('without a terminal it asks nothing and names the missing flags', async () => {
    const dir = tempDir();
    const result = await runCli(['init', '--platform', 'shop'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('init without a terminal needs --topic, --consumer, --class');
  });

  it('a name the manifest would reject is refused before anything is written', async () => {
    const dir = tempDir();
    const result = await runCli(['init', ...FLAGS.map((f) => (f === 'billing' ? 'bil ling' : f))], { cwd: dir });
    expect(result.code).toBe(2);
    expect(spawnSync('ls', [dir], { encoding: 'utf8' }).stdout).toBe('');
  });

  it('on a terminal: asks platform, buses, topic, consumer and class, then the class obligations (workflow)', async () => {
    const dir = tempDir();
    const run = await initOnTerminal(dir, [
      ['Platform name', 'shop'],
      ['buses', 'orders, payments'],
      ['First topic', 'order.placed'],
      ['source', ''],
      ['detail-type', ''],
      ['identifies the entity', ''],
      ['Owning team', 'team-orders'],
      ['First consumer', 'shipper'],
      ['Its class', '\x1b[B'], // default projection, one down: workflow
      ['state machine', 'ship-order'],
    ]);
    expect(run.code, run.screen).toBe(0);
    expect(run.screen).toContain('a workflow consumer brings: workflow, correlation, dedupe');
    const manifest = load(readFileSync(join(dir, 'eventctl.yaml'), 'utf8')) as Manifest;
    expect(manifest.buses.map((b) => b.name)).toEqual(['orders', 'payments']);
    expect(manifest.topics[0]).toMatchObject({ name: 'order.placed', source: 'com.shop.order', detailType: 'OrderPlaced', owner: 'team-orders' });
    expect(manifest.consumers[0]).toMatchObject({ name: 'shipper', class: 'workflow', workflow: 'ship-order', correlation: '/detail/orderId', dedupe: { key: '/detail/orderId' } });
    expect(manifest.workflows).toEqual([{ name: 'ship-order', engine: 'stepfunctions', stateMachine: 'ship-order' }]);
    expect((await runCli(['validate'], { cwd: dir })).code).toBe(0);
  }, 60_000);
});
