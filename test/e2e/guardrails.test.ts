import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

/** `eventctl guardrails` through the built CLI: JSON on stdout, offline (never loads the AWS SDK). */
const TRACER = fileURLToPath(new URL('../support/trace-imports.mjs', import.meta.url));
const RUNNER = 'arn:aws:iam::123456789012:role/eventctl-runner';

describe('eventctl guardrails', () => {
  it('prints the IAM deny policy and loads no AWS SDK module', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eventctl-guardrails-'));
    try {
      const file = join(dir, 'modules.txt');
      const r = await runCli(['guardrails', '--runner-role', RUNNER, '-m', 'fixtures/platform/eventctl.yaml'], { nodeArgs: ['--import', TRACER], env: { TRACE_IMPORTS_FILE: file } });
      expect(r.code, r.stderr).toBe(0);
      const policy = JSON.parse(r.stdout) as { Version: string; Statement: Array<{ Action: string[]; Resource: string[] }> };
      expect(policy.Version).toBe('2012-10-17');
      expect(policy.Statement.flatMap((s) => s.Action).sort()).toEqual(['events:StartReplay', 'sqs:SendMessage', 'sqs:StartMessageMoveTask']);
      expect(policy.Statement.flatMap((s) => s.Resource)).toContain('arn:aws:sqs:eu-west-1:123456789012:billing-charge-dlq');
      const modules = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
      expect(modules.some((m) => m.includes('/dist/src/approval/guardrails.js'))).toBe(true);
      expect(modules.filter((m) => m.includes('@aws-sdk') || m.includes('@smithy'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a runner that is not an IAM role (exit 2)', async () => {
    const r = await runCli(['guardrails', '--runner-role', '*', '-m', 'fixtures/platform/eventctl.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not an IAM role ARN/);
  });
});
