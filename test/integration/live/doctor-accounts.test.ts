import { afterEach, describe, expect, it } from 'vitest';
import { workerMotoEndpoint } from '../../support/worker-moto.js';
import { runDoctor } from '../../../src/doctor/run.js';
import { startFaultProxy, type FaultProxy } from '../../support/fault-proxy.js';
import { liveContext } from '../../support/live-context.js';

/** `doctor --env` against moto: every account × region through its role; a denied account fails alone. */
const motoEndpoint = workerMotoEndpoint();
const MANIFEST = 'fixtures/org/eventctl.yaml';

interface DoctorJson {
  ok: boolean;
  checks: Array<{ name: string; status: string; detail: string; hint?: string }>;
}

describe('doctor across the accounts of an environment (moto)', () => {
  let proxy: FaultProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it('checks identity in every account x region; a denied role fails only that account, with the reason', async () => {
    proxy = await startFaultProxy({
      target: motoEndpoint,
      deny: (operation, body) => (operation === 'AssumeRole' && decodeURIComponent(body).includes(':333333333333:') ? 'User is not authorized to perform: sts:AssumeRole' : undefined),
    });
    const run = liveContext({ manifest: MANIFEST, endpoint: proxy.endpoint, format: 'json', env: { EVENTCTL_ENV: 'sandbox' } });
    expect(await runDoctor(run.ctx, {})).toBe(1);
    const accounts = (JSON.parse(run.stdout()) as DoctorJson).checks.filter((c) => c.name.startsWith('account '));
    expect(accounts.map((c) => `${c.name} ${c.status}`)).toEqual([
      'account hub/eu-west-1 ok',
      'account hub/us-east-1 ok',
      'account orders/eu-west-1 ok',
      'account orders/us-east-1 ok',
      'account billing/eu-west-1 fail',
      'account billing/us-east-1 fail',
    ]);
    expect(accounts.find((c) => c.name === 'account orders/us-east-1')!.detail).toMatch(/^222222222222, arn:aws:sts::222222222222:assumed-role\/eventctl-readonly\//);
    const billing = accounts.find((c) => c.name === 'account billing/eu-west-1')!;
    expect(billing.detail).toMatch(/^333333333333: .*AssumeRole/);
    expect(billing.hint).toBe('check that role arn:aws:iam::333333333333:role/eventctl-readonly exists and trusts your first-hop identity');
  });
});
