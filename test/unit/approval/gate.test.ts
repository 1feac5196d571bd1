import { describe, expect, it } from 'vitest';
import { decideGate, resourcesAsNamed, type GateInput } from '../../../src/approval/gate.js';
import { gateFactDifferences } from '../../../src/approval/gate-facts.js';
import { conflictingClaims, environmentClaims, manifestClaims, queueArn, ruleArn, targetArn, type GateResource } from '../../../src/approval/resources.js';
import type { Manifest } from '../../../src/manifest/model.js';
import { approvalScenario, FIXED_NOW, GIT_SOURCE, makePlan, policyDocument, signApproval } from '../../support/approval-fixtures.js';

/** The pure gate (src/approval/gate.ts): ownership decides the class, the plan's words never do. */
const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const scope = { account: ACCOUNT, region: REGION };

function manifest(extra: Manifest['consumers'] = []): Manifest {
  return {
    apiVersion: 'eventctl/v1',
    platform: 'test',
    aws: { account: ACCOUNT, region: REGION },
    buses: [{ name: 'orders' }],
    topics: [{ name: 'order.placed', bus: 'orders', source: 'com.acme', detailType: 'OrderPlaced' }],
    consumers: [
      { name: 'billing-charge', class: 'operational', subscribes: ['order.placed'], rule: 'billing-charge', queue: 'billing-charge', dlq: 'billing-charge-dlq' },
      { name: 'orders-read-model', class: 'projection', subscribes: ['order.placed'], rule: 'orders-read-model', queue: 'orders-read-model', dlq: 'orders-read-model-dlq' },
      { name: 'fulfilment-starter', class: 'workflow', subscribes: ['order.placed'], rule: 'fulfilment-starter', queue: 'fulfilment-starter', dlq: 'fulfilment-starter-dlq' },
      ...extra,
    ],
    replay: { approvalPolicy: 'policies/replay-approval.yaml' },
  };
}

const rule = (name: string): GateResource => ({ kind: 'eventbridge-rule', arn: ruleArn(scope, 'orders', name), account: ACCOUNT, region: REGION, use: 'replay-filter', named: ruleArn(scope, 'orders', name) });
const queue = (name: string, use: GateResource['use']): GateResource => ({ kind: 'sqs-queue', arn: queueArn(scope, name), account: ACCOUNT, region: REGION, use, named: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}` });

async function gateInput(overrides: Partial<GateInput> = {}, scenario?: Awaited<ReturnType<typeof approvalScenario>>): Promise<GateInput> {
  const s = scenario ?? (await approvalScenario());
  return {
    trusted: { manifest: manifest(), policyBytes: Buffer.from(s.text), policySource: GIT_SOURCE, protected: true, label: 'main at aaaa' },
    request: { kind: 'plan', planBytes: s.plan.bytes, envelopes: [s.request, s.alice, s.bob] },
    resources: [rule('billing-charge')],
    run: { region: REGION },
    journal: [],
    now: FIXED_NOW,
    mode: 'run',
    ...overrides,
  };
}

describe('resources', () => {
  it('claims every consumer\'s rule, opt-in replay rule (operational), queue and DLQ', () => {
    const claims = manifestClaims(manifest(), scope);
    expect(claims.filter((c) => c.consumer === 'billing-charge').map((c) => c.role)).toEqual(['rule', 'replay-rule', 'queue', 'dlq']);
    expect(claims.filter((c) => c.consumer === 'orders-read-model').map((c) => c.role)).toEqual(['rule', 'queue', 'dlq']);
  });

  it('two consumers claiming one DLQ is a conflict', () => {
    const claims = manifestClaims(manifest([{ name: 'sneaky', class: 'projection', subscribes: ['order.placed'], dlq: 'billing-charge-dlq', queue: 'sneaky' }]), scope);
    expect(conflictingClaims(claims)).toEqual([`${queueArn(scope, 'billing-charge-dlq')} is claimed by billing-charge (dlq) and sneaky (dlq); each resource belongs to one consumer`]);
  });
});

describe('decideGate', () => {
  it('allows a signed operational plan whose rule belongs to its consumer', async () => {
    const s = await approvalScenario({ planOverrides: { targets: [{ consumer: 'billing-charge', class: 'operational', ruleArn: ruleArn(scope, 'orders', 'billing-charge-replay') }] } });
    const decision = decideGate(await gateInput({ resources: [rule('billing-charge-replay')] }, s));
    expect(decision.reasons).toEqual([]);
    expect(decision.allowed).toBe(true);
    expect(decision.reached).toEqual([{ consumer: 'billing-charge', class: 'operational' }]);
  });

  it('a projection plan whose rule resolves to an operational consumer needs operational approvals', async () => {
    const s = await approvalScenario({ planOverrides: { targets: [{ consumer: 'orders-read-model', class: 'projection', ruleArn: ruleArn(scope, 'orders', 'billing-charge-replay') }] } });
    const decision = decideGate(await gateInput({ request: { kind: 'plan', planBytes: s.plan.bytes, envelopes: [] }, resources: [rule('billing-charge-replay')] }, s));
    expect(decision.allowed).toBe(false);
    expect(decision.reasons.join('\n')).toMatch(/gives it to billing-charge \(operational\)/);
    expect(decision.reasons.join('\n')).toMatch(/operational: needs 2 distinct approvers/);
  });

  it('a resource no consumer owns is refused', async () => {
    const decision = decideGate(await gateInput({ resources: [rule('somebody-elses-rule')] }));
    expect(decision.reasons.join('\n')).toMatch(/is owned by no consumer of the trusted manifest/);
  });

  it('a policy that is not from the protected branch is refused in run mode and only a warning in verify', async () => {
    const input = await gateInput();
    const run = decideGate({ ...input, trusted: { ...input.trusted, protected: false } });
    expect(run.reasons.join('\n')).toMatch(/not from the protected branch/);
    const preview = decideGate({ ...input, trusted: { ...input.trusted, protected: false }, mode: 'verify' });
    expect(preview.warnings.join('\n')).toMatch(/PREVIEW/);
  });

  it('working-tree differences refuse a run, naming each', async () => {
    const working = manifest();
    working.consumers[0]!.class = 'projection';
    const differences = gateFactDifferences(manifest(), working, 'main');
    expect(differences).toEqual(['consumer billing-charge class: projection in the working tree, operational on main', 'consumer billing-charge replay rule: (none) in the working tree, billing-charge-replay on main']);
    const decision = decideGate(await gateInput({ workingTreeDifferences: differences }));
    expect(decision.reasons.filter((r) => r.startsWith('the working tree differs'))).toHaveLength(2);
  });

  it('a redrive goes back to the DLQ\'s own consumer only', async () => {
    const decision = decideGate(await gateInput({ request: { kind: 'direct-redrive', consumer: 'orders-read-model' }, resources: [queue('orders-read-model-dlq', 'redrive-source'), queue('billing-charge', 'redrive-destination')] }));
    expect(decision.reasons.join('\n')).toMatch(/is not its queue/);
  });

  it('a plan-less redrive of a workflow DLQ is refused; of a projection DLQ allowed', async () => {
    const workflow = decideGate(await gateInput({ request: { kind: 'direct-redrive', consumer: 'fulfilment-starter' }, resources: [queue('fulfilment-starter-dlq', 'redrive-source'), queue('fulfilment-starter', 'redrive-destination')] }));
    expect(workflow.reasons.join('\n')).toMatch(/fulfilment-starter \(workflow\)/);
    const projection = decideGate(await gateInput({ request: { kind: 'direct-redrive', consumer: 'orders-read-model' }, resources: [queue('orders-read-model-dlq', 'redrive-source'), queue('orders-read-model', 'redrive-destination')] }));
    expect(projection.reasons).toEqual([]);
  });

  it('resources in another account or region than the plan are refused', async () => {
    const input = await gateInput();
    const elsewhere = decideGate({ ...input, resources: [{ ...rule('billing-charge'), account: '210987654321', region: 'us-west-2' }], run: { region: 'us-west-2' } });
    const text = elsewhere.reasons.join('\n');
    expect(text).toMatch(/signed for region eu-west-1, this run acts in us-west-2/);
    expect(text).toMatch(/is in account 210987654321/);
  });

  it('resourcesAsNamed derives queue ARNs from URLs and the plan region', async () => {
    const s = await approvalScenario();
    const plan = makePlan(s.policy, { kind: 'redrive', archiveArn: undefined, eventBusArn: undefined, targets: [{ consumer: 'billing-charge', class: 'operational', dlqUrl: `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/billing-charge-dlq`, queueUrl: `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/billing-charge` }] });
    expect(resourcesAsNamed(plan.plan).resources.map((r) => [r.use, r.arn])).toEqual([
      ['redrive-source', queueArn(scope, 'billing-charge-dlq')],
      ['redrive-destination', queueArn(scope, 'billing-charge')],
    ]);
  });
});

describe('decideGate: EventBridge target DLQs', () => {
  const lambdaConsumers: Manifest['consumers'] = [
    { name: 'receipt-mailer', class: 'operational', subscribes: ['order.placed'], rule: 'receipt-mailer', target: { kind: 'lambda', function: 'receipt-mailer', deadLetter: 'receipt-mailer-target-dlq' } },
    { name: 'audit-writer', class: 'projection', subscribes: ['order.placed'], rule: 'audit-writer', target: { kind: 'lambda', function: 'audit-writer', deadLetter: 'audit-writer-target-dlq' } },
  ];
  const functionArn = (name: string) => targetArn(scope, 'lambda', name)!;
  const targetDlqPlan = (fn: string) => ({
    planOverrides: {
      kind: 'redrive' as const, archiveArn: undefined, eventBusArn: undefined,
      targets: [{ consumer: 'receipt-mailer', class: 'operational' as const, dlqUrl: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/receipt-mailer-target-dlq`, targetArn: functionArn(fn) }],
    },
  });
  async function decide(fn: string) {
    const s = await approvalScenario(targetDlqPlan(fn));
    const named = resourcesAsNamed(s.plan.plan);
    const input = await gateInput({ resources: named.resources, unresolved: named.unresolved }, s);
    return decideGate({ ...input, trusted: { ...input.trusted, manifest: manifest(lambdaConsumers) } });
  }

  it('a signed plan redriving a target DLQ to its own consumer\'s function is allowed', async () => {
    const decision = await decide('receipt-mailer');
    expect(decision.reasons).toEqual([]);
    expect(decision.resources.map((r) => [r.use, r.arn, r.owners])).toEqual([
      ['redrive-source', queueArn(scope, 'receipt-mailer-target-dlq'), ['receipt-mailer (operational, target-dlq)']],
      ['redrive-destination', functionArn('receipt-mailer'), ['receipt-mailer (operational, target)']],
    ]);
  });

  it('a target-DLQ plan whose targetArn is another consumer\'s target is refused', async () => {
    const decision = await decide('audit-writer');
    expect(decision.allowed).toBe(false);
    const text = decision.reasons.join('\n');
    expect(text).toMatch(/receipt-mailer-target-dlq is the DLQ of receipt-mailer, but .*function:audit-writer is not its queue or target/);
    expect(text).toMatch(/the plan says .*function:audit-writer belongs to receipt-mailer \(operational\), but the trusted manifest gives it to audit-writer \(projection\)/);
  });

  it('a working tree that moves a target or its DLQ differs from the protected branch', () => {
    const working = manifest(structuredClone(lambdaConsumers));
    working.consumers.find((c) => c.name === 'receipt-mailer')!.target = { kind: 'lambda', function: 'audit-writer', deadLetter: 'audit-writer-target-dlq' };
    expect(gateFactDifferences(manifest(lambdaConsumers), working, 'main')).toEqual([
      'consumer receipt-mailer target: lambda audit-writer in the working tree, lambda receipt-mailer on main',
      'consumer receipt-mailer target dlq: audit-writer-target-dlq in the working tree, receipt-mailer-target-dlq on main',
    ]);
  });

  it('one function behind two rules is not an ambiguity: a redrive to it reaches both owners', () => {
    const shared = manifest([
      { name: 'a', class: 'projection', subscribes: ['order.placed'], target: { kind: 'lambda', function: 'shared', deadLetter: 'a-dlq' } },
      { name: 'b', class: 'operational', subscribes: ['order.placed'], target: { kind: 'lambda', function: 'shared', deadLetter: 'b-dlq' } },
    ]);
    expect(conflictingClaims(manifestClaims(shared, scope))).toEqual([]);
    const fn: GateResource = { kind: 'lambda-function', arn: functionArn('shared'), account: ACCOUNT, region: REGION, use: 'redrive-destination', named: 'lambda shared' };
    const input = { trusted: { manifest: shared, policyBytes: Buffer.alloc(0), policySource: GIT_SOURCE, protected: true, label: 'main at aaaa' }, run: { region: REGION }, journal: [], now: FIXED_NOW, mode: 'run' as const };
    const decision = decideGate({ ...input, request: { kind: 'direct-redrive', consumer: 'a' }, resources: [queue('a-dlq', 'redrive-source'), fn] });
    expect(decision.reached).toEqual([{ consumer: 'a', class: 'projection' }, { consumer: 'b', class: 'operational' }]);
    expect(decision.reasons.join('\n')).toMatch(/reaches b \(operational\)/);
  });
});

/** Environments: each consumer's resources are claimed in its own account, in each region of the environment. */
describe('decideGate across the accounts of an environment', () => {
  const HUB = '111111111111';
  const ORDERS = '222222222222';
  const OTHER = 'us-east-1';
  const orders = { account: ORDERS, region: OTHER };
  function orgManifest(): Manifest {
    const base = manifest();
    return {
      ...base,
      aws: undefined,
      environments: { prod: { accounts: { hub: HUB, orders: ORDERS }, regions: [REGION, OTHER], roleName: 'eventctl' } },
      buses: [{ name: 'orders', account: 'orders' }],
      consumers: base.consumers.map((c) => ({ ...c, account: 'orders' })),
    };
  }
  const placed = (at: { account: string; region: string }, name: string): GateResource => ({ kind: 'eventbridge-rule', arn: ruleArn(at, 'orders', name), account: at.account, region: at.region, use: 'replay-filter', named: ruleArn(at, 'orders', name) });
  /** A replay of billing-charge's replay rule at `rule`, the target naming `target` (default: the same place). */
  async function envInput(rule: { account: string; region: string }, target: { account?: string; region?: string } = rule, run: GateInput['run'] = { region: '', environment: 'prod' }): Promise<GateInput> {
    const resource = placed(rule, 'billing-charge-replay');
    const s = await approvalScenario({ planOverrides: { targets: [{ consumer: 'billing-charge', class: 'operational', ruleArn: resource.named, ...target }] } });
    const input = await gateInput({ resources: [resource], run }, s);
    return { ...input, trusted: { ...input.trusted, manifest: orgManifest() } };
  }

  it('allows a signed plan whose target names the account and region its consumer lives in', async () => {
    const decision = decideGate(await envInput(orders));
    expect(decision.reasons).toEqual([]);
    expect(decision.reached).toEqual([{ consumer: 'billing-charge', class: 'operational' }]);
  });

  it('claims a consumer\'s resources only in the account its alias maps to, in every region', () => {
    const claims = environmentClaims(orgManifest(), orgManifest().environments!.prod!);
    const arns = claims.filter((c) => c.consumer === 'billing-charge' && c.role === 'dlq').map((c) => c.arn);
    expect(arns).toEqual([queueArn({ account: ORDERS, region: REGION }, 'billing-charge-dlq'), queueArn(orders, 'billing-charge-dlq')]);
  });

  it('the same rule name in another account of the environment is owned by no one, and the target may not name it', async () => {
    const hub = { account: HUB, region: OTHER };
    const text = decideGate(await envInput(hub)).reasons.join('\n');
    expect(text).toMatch(new RegExp(`${ruleArn(hub, 'orders', 'billing-charge-replay')} \\(replay-filter\\) is owned by no consumer`));
    expect(text).toMatch(`target billing-charge names account ${HUB}, the protected branch puts it in ${ORDERS} of environment 'prod'`);
  });

  it('a target naming another account than the trusted one is refused even when the resource is right', async () => {
    const decision = decideGate(await envInput(orders, { account: HUB, region: OTHER }));
    expect(decision.reasons).toContain(`target billing-charge names account ${HUB}, the protected branch puts it in ${ORDERS} of environment 'prod'`);
  });

  it('a target naming a region outside the environment is refused', async () => {
    const decision = decideGate(await envInput(orders, { account: ORDERS, region: 'ap-south-1' }));
    expect(decision.reasons).toContain(`target billing-charge names region ap-south-1, not a region of environment 'prod' (${REGION}, ${OTHER})`);
  });

  it('a resource resolved in another region than its target names is refused', async () => {
    const decision = decideGate(await envInput(orders, { account: ORDERS, region: REGION }));
    expect(decision.allowed).toBe(false);
    expect(decision.reasons).toEqual([`${ruleArn(orders, 'orders', 'billing-charge-replay')} is in ${ORDERS}/${OTHER}, target billing-charge names ${ORDERS}/${REGION}`]);
  });

  it('a target without account and region is refused under an environment', async () => {
    const decision = decideGate(await envInput(orders, {}));
    expect(decision.reasons).toContain("target billing-charge names no account and region; a plan for environment 'prod' names them per target");
  });

  it('an environment the protected branch does not declare is refused', async () => {
    const decision = decideGate(await envInput(orders, orders, { region: '', environment: 'staging' }));
    expect(decision.reasons).toContain("environment 'staging' is not declared on the protected branch");
  });

  it('a run without --env is refused when the protected branch places consumers in environment accounts', async () => {
    const decision = decideGate(await envInput(orders, orders, { region: OTHER, account: ORDERS }));
    expect(decision.reasons).toContain('the protected branch places consumers in the accounts of environments (prod); pass --env to say which');
  });

  it('without an environment, a target naming another place than the plan is refused', async () => {
    const s = await approvalScenario({ planOverrides: { targets: [{ consumer: 'billing-charge', class: 'operational', ruleArn: ruleArn(scope, 'orders', 'billing-charge-replay'), account: HUB, region: REGION }] } });
    const decision = decideGate(await gateInput({ resources: [rule('billing-charge-replay')] }, s));
    expect(decision.reasons).toEqual([`target billing-charge names ${HUB}/${REGION}, the plan was signed for ${ACCOUNT}/${REGION}`]);
  });

  it('resourcesAsNamed places a redrive target\'s queues in the region it names', async () => {
    const s = await approvalScenario();
    const plan = makePlan(s.policy, { kind: 'redrive', archiveArn: undefined, eventBusArn: undefined, targets: [{ consumer: 'billing-charge', class: 'operational', account: ORDERS, region: OTHER, dlqUrl: `https://sqs.${OTHER}.amazonaws.com/${ORDERS}/billing-charge-dlq`, queueUrl: `https://sqs.${OTHER}.amazonaws.com/${ORDERS}/billing-charge` }] });
    expect(resourcesAsNamed(plan.plan).resources.map((r) => r.arn)).toEqual([queueArn(orders, 'billing-charge-dlq'), queueArn(orders, 'billing-charge')]);
  });
});

describe('mutation review: the verifier', () => {
  it('a plan whose TTL exceeds the policy plans.maxTtlMinutes is refused', async () => {
    const s = await approvalScenario();
    const plan = makePlan(s.policy, {}, { ttlMinutes: 1441 });
    const envelopes = [await signApproval(plan, s.policy, 'carol', s.keys.carol, { role: 'requester' }), await signApproval(plan, s.policy, 'alice', s.keys.alice), await signApproval(plan, s.policy, 'bob', s.keys.bob)];
    const decision = decideGate(await gateInput({ request: { kind: 'plan', planBytes: plan.bytes, envelopes } }, s));
    expect(decision.reasons).toEqual(['the plan is valid for longer than the policy allows (1440 minutes)']);
  });

  it('a plan created in the future (beyond the clock skew) is refused', async () => {
    const s = await approvalScenario();
    const plan = makePlan(s.policy, {}, { now: new Date(FIXED_NOW.getTime() + 10 * 60_000) });
    const signAt = { now: new Date(FIXED_NOW.getTime() - 60_000) };
    const envelopes = [await signApproval(plan, s.policy, 'carol', s.keys.carol, { role: 'requester', ...signAt }), await signApproval(plan, s.policy, 'alice', s.keys.alice, signAt), await signApproval(plan, s.policy, 'bob', s.keys.bob, signAt)];
    const decision = decideGate(await gateInput({ request: { kind: 'plan', planBytes: plan.bytes, envelopes } }, s));
    expect(decision.reasons.some((r) => /created in the future/.test(r))).toBe(true);
  });

  it('a principal who signed both approve and reject does not count as an approver (even without veto)', async () => {
    const classes = structuredClone(policyDocument({}).classes) as { operational: { approvals: { vetoOnReject: boolean } } };
    classes.operational.approvals.vetoOnReject = false;
    const s = await approvalScenario({ policyOverrides: { classes } });
    const aliceRejects = await signApproval(s.plan, s.policy, 'alice', s.keys.alice, { decision: 'reject', name: 'reject.alice.dsse.json' });
    const erin = await signApproval(s.plan, s.policy, 'erin', s.keys.erin);
    const decision = decideGate(await gateInput({ request: { kind: 'plan', planBytes: s.plan.bytes, envelopes: [s.request, s.alice, aliceRejects, s.bob] } }, s));
    expect(decision.allowed).toBe(false);
    expect(decision.reasons.join('\n')).toMatch(/has 1 \(bob\)/);
    // Control: another orders-owner approving instead makes it pass, so the refusal above is alice's double vote.
    const control = decideGate(await gateInput({ request: { kind: 'plan', planBytes: s.plan.bytes, envelopes: [s.request, erin, aliceRejects, s.bob] } }, s));
    expect(control.reasons).toEqual([]);
  });
});
