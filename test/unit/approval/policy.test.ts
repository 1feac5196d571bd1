import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inputErrorOf } from '../../support/input-error.js';
import { lintPolicy, parsePolicy } from '../../../src/approval/policy.js';
import { FIXED_NOW, makeKey, policyDocument, policyText } from '../../support/approval-fixtures.js';

function cast() {
  return {
    alice: { groups: ['orders-owners'], keys: [makeKey()] },
    bob: { groups: ['sre'], keys: [makeKey()] },
    carol: { groups: ['orders-owners', 'sre'], keys: [makeKey()] },
    dave: { groups: ['sre'], keys: [makeKey()] },
  };
}

function problemsOf(fn: () => unknown): string {
  const error = inputErrorOf(fn);
  return [error.message, ...error.problems.map((p) => p.message)].join('\n') + '\n' + JSON.stringify(error.location);
}

const parseText = (text: string) => parsePolicy(Buffer.from(text), 'policy.yaml');

describe('parsePolicy: strict YAML', () => {
  const good = () => policyText(policyDocument(cast()));

  it('parses a valid policy and recomputes key ids', () => {
    const loaded = parseText(good());
    expect(loaded.policy.version).toBe(7);
    expect(loaded.keys).toHaveLength(4);
    expect(loaded.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(loaded.sshNamespace).toBe('replay-approval@eventctl.dev');
  });

  it('rejects duplicate keys with a location', () => {
    const text = good().replace('version: 7\n', 'version: 7\nversion: 9\n');
    expect(problemsOf(() => parseText(text))).toMatch(/duplicated mapping key[\s\S]*"line":\d+/);
  });

  it('rejects aliases and anchors', () => {
    const text = `${good()}x-anchor: &a 1\nx-alias: *a\n`;
    const problems = problemsOf(() => parseText(text));
    expect(problems).toMatch(/anchor &a is not allowed/);
    expect(problems).toMatch(/alias \*a is not allowed/);
  });

  it('rejects unknown tags and explicit standard tags', () => {
    expect(problemsOf(() => parseText(good().replace('version: 7', 'version: !evil 7')))).toMatch(/Unresolved tag|tag !evil/);
    expect(problemsOf(() => parseText(good().replace('version: 7', 'version: !!int 7')))).toMatch(/tag !!int is not allowed/);
  });

  it('rejects unknown fields anywhere, with their position', () => {
    const text = good().replace('version: 7', 'version: 7\nallowEverything: true');
    const problems = problemsOf(() => parseText(text));
    expect(problems).toMatch(/unknown field 'allowEverything'/);
    expect(problems).toMatch(/"file":"policy.yaml","line":4/);
    const doc = policyDocument(cast());
    ((doc.classes as Record<string, { approvals: Record<string, unknown> }>).operational!.approvals).allowSelfApproval = true;
    expect(problemsOf(() => parseText(policyText(doc)))).toMatch(/unknown field 'allowSelfApproval'/);
  });

  it('rejects multiple documents', () => {
    expect(problemsOf(() => parseText(`${good()}---\nversion: 1\n`))).toMatch(/multiple YAML documents/i);
  });

  it('keeps yes/no/on as strings (core schema), so they fail type checks instead of becoming booleans', () => {
    const doc = policyText(policyDocument(cast())).replace('vetoOnReject: true', 'vetoOnReject: yes');
    expect(problemsOf(() => parseText(doc))).toMatch(/vetoOnReject: must be true or false/);
  });

  it('rejects a key id that does not match the key', () => {
    const doc = policyDocument(cast());
    const principals = doc.principals as Record<string, { keys: Array<Record<string, unknown>> }>;
    principals.alice!.keys[0]!.id = principals.bob!.keys[0]!.id;
    expect(problemsOf(() => parsePolicy(Buffer.from(policyText(doc))))).toMatch(/id: does not match the key/);
  });

  it('rejects one key under two principals', () => {
    const shared = makeKey();
    const principals = { ...cast(), alice: { groups: ['orders-owners'], keys: [shared] }, mallory: { groups: ['sre'], keys: [shared] } };
    expect(problemsOf(() => parsePolicy(Buffer.from(policyText(policyDocument(principals)))))).toMatch(/already belongs to principal 'alice'/);
  });

  it('enforces the floors: operational needs approvals from at least 2, windows at least 10 minutes old', () => {
    const doc = policyDocument(cast());
    const classes = doc.classes as Record<string, { approvals: Record<string, unknown>; limits: Record<string, unknown> }>;
    classes.operational!.approvals.minDistinctApprovers = 1;
    classes.workflow!.approvals = { required: false };
    classes.projection!.limits.minWindowAgeMinutes = 5;
    const problems = problemsOf(() => parsePolicy(Buffer.from(policyText(doc))));
    expect(problems).toMatch(/operational\/approvals\/minDistinctApprovers: must be an integer from 2/);
    expect(problems).toMatch(/workflow consumers always need approvals/);
    expect(problems).toMatch(/minWindowAgeMinutes: must be an integer from 10/);
  });

  it('requires every class and refuses unknown groups in requirements', () => {
    const doc = policyDocument(cast());
    const classes = doc.classes as Record<string, unknown>;
    delete classes.workflow;
    ((classes.operational as { approvals: Record<string, unknown> }).approvals).requiredGroups = [{ anyOf: ['nobody'], count: 1 }];
    const problems = problemsOf(() => parsePolicy(Buffer.from(policyText(doc))));
    expect(problems).toMatch(/'workflow' is required/);
    expect(problems).toMatch(/no principal is in group 'nobody'/);
  });

  it('the shipped example policy parses', () => {
    const text = readFileSync(new URL('../../../policies/approval-policy.example.yaml', import.meta.url));
    expect(parsePolicy(text).policy.kind).toBe('ApprovalPolicy');
  });
});

describe('lintPolicy', () => {
  it('is clean for a good policy', () => {
    const loaded = parsePolicy(Buffer.from(policyText(policyDocument(cast()))));
    expect(lintPolicy(loaded, { now: FIXED_NOW })).toEqual({ errors: [], warnings: [] });
  });

  it('reports expiry, unreachable requirements and a version that did not grow', () => {
    const principals = { alice: { groups: ['orders-owners'], keys: [makeKey()] }, bob: { groups: ['sre'], keys: [makeKey()] } };
    const base = parsePolicy(Buffer.from(policyText(policyDocument(cast()))));
    const loaded = parsePolicy(Buffer.from(policyText(policyDocument(principals, { expires: '2026-12-10T00:00:00Z' }))));
    const result = lintPolicy(loaded, { now: FIXED_NOW, base });
    expect(result.warnings.join('\n')).toMatch(/expires in less than 30 days/);
    expect(result.warnings.join('\n')).toMatch(/operational: a plan requested by alice, bob could never be approved/);
    expect(result.errors.join('\n')).toMatch(/version \(7\) is not greater than the base's \(7\)/);
  });

  it('errors on an expired policy and on requirements nobody can meet', () => {
    const principals = { alice: { groups: ['orders-owners'], keys: [makeKey()] }, bob: { groups: ['orders-owners'], keys: [makeKey()] }, x: { groups: ['sre'], keys: [makeKey()] } };
    const doc = policyDocument(principals, { expires: '2026-11-01T00:00:00Z' });
    ((doc.classes as Record<string, { approvals: Record<string, unknown> }>).operational!.approvals).requiredGroups = [{ anyOf: ['sre'], count: 2 }];
    const result = lintPolicy(parsePolicy(Buffer.from(policyText(doc))), { now: FIXED_NOW });
    expect(result.errors.join('\n')).toMatch(/expired at/);
    expect(result.errors.join('\n')).toMatch(/operational: the requirements cannot be met/);
  });
});
