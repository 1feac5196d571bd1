import { describe, expect, it } from 'vitest';
import { lintFile, summarizeFindings } from './lint-harness.js';

// Each broken manifest plants a few problems, listed in its header comment. Lint must find
// exactly those: each rule at the manifest line of the offending entry, naming its subject.
const PLANTED: Record<string, string[]> = {
  'mixed-roles': [
    'consumer-single-role@34 consumer:orders-sync',
    'operational-not-rebuildable@61 consumer:order-cancel-refund',
    'projection-is-rebuildable@42 consumer:orders-search',
    'projection-no-side-effects@49 consumer:orders-search',
  ],
  'missing-obligations': [
    'operational-has-dlq@32 consumer:refund-processor',
    'operational-has-idempotency-key@32 consumer:refund-processor',
    'operational-has-lag-slo@32 consumer:refund-processor',
    'workflow-has-correlation-key@38 consumer:payment-capture',
    'workflow-has-dedupe-key@38 consumer:payment-capture',
    'workflow-target-declared@46 consumer:payment-capture',
  ],
  'schema-keys': [
    'key-exists-in-schema@46 topic:customer.registered',
    'key-exists-in-schema@71 consumer:order-emails',
    'key-exists-in-schema@95 consumer:order-audit',
    'key-required-in-schema@61 consumer:shipping-notifier',
    'key-required-in-schema@84 consumer:returns-workflow',
  ],
  'replay-unsafe': [
    'bus-has-archive@18 bus:shipping',
    'idempotency-window-covers-replay@52 consumer:billing-charge',
    'idempotency-window-covers-replay@65 consumer:fulfilment-starter',
    'idempotency-window-covers-replay@75 consumer:refund-processor',
  ],
  routing: [
    'consumer-resources-unique@85 consumer:parcel-tracker',
    'consumer-single-bus@73 consumer:revenue-view',
    'consumer-topic-known@64 consumer:orders-read-model',
    'name-unique@29 topic:order.placed',
    'topic-bus-known@54 topic:parcel.scanned',
    'topic-event-type-unique@38 topic:order.created',
    'topic-has-consumers@41 topic:order.archived',
  ],
  'topic-contracts': [
    'consumer-has-owner@40 consumer:customer-directory',
    'consumer-has-subscriptions@51 consumer:legacy-export',
    'replay-has-runbook@63 manifest:acme-topic-contracts',
    'topic-has-compatibility@26 topic:customer.updated',
    'topic-has-compatibility@35 topic:customer.deleted',
    'topic-has-owner@26 topic:customer.updated',
    'topic-has-schema@26 topic:customer.updated',
  ],
  operations: [
    'bus-has-replay-policy@15 bus:billing',
    'consumer-has-lag-slo@49 consumer:invoices-view',
    'dlq-has-runbook@65 manifest:acme-operations',
    'lag-alarms-enabled@62 manifest:acme-operations',
    'queue-has-dlq@44 consumer:dunning-workflow',
    'runbook-file-exists@65 manifest:acme-operations',
    'tracing-propagated@62 manifest:acme-operations',
  ],
  waivers: [
    'consumer-has-owner@34 consumer:reports-view',
    'topic-has-correlation@19 topic:report.requested',
    'waiver-expired@70 waiver:consumer-has-owner on reports-view',
  ],
};

describe('lint on the example platform', () => {
  it('finds nothing with the default (recommended) preset', () => {
    expect(summarizeFindings(lintFile('fixtures/platform/eventctl.yaml'))).toEqual([]);
  });
});

describe.each(Object.entries(PLANTED))('lint on fixtures/lint/%s', (name, expected) => {
  const result = lintFile(`fixtures/lint/${name}/eventctl.yaml`);

  it('finds exactly the planted problems, at their lines', () => {
    expect(summarizeFindings(result)).toEqual([...expected].sort());
  });

  it('locates every finding in the manifest file and explains how to fix it', () => {
    for (const finding of result.findings) {
      expect(finding.location?.file).toBe(`fixtures/lint/${name}/eventctl.yaml`);
      expect(finding.location?.column).toBeGreaterThan(0);
      expect(finding.hint ?? '').not.toBe('');
    }
  });
});

describe('lint configuration in fixtures/lint/waivers', () => {
  const result = lintFile('fixtures/lint/waivers/eventctl.yaml');

  it('keeps waived findings, with their waiver, out of the findings', () => {
    expect(result.waived.map((f) => `${f.rule} ${f.subject.name} ${f.waiver.expires}`)).toEqual([
      'operational-has-dlq legacy-billing 2099-12-31',
    ]);
  });

  it('an override turns a rule off only for the consumers it selects', () => {
    expect(result.findings.some((f) => f.rule === 'operational-has-lag-slo')).toBe(false);
    expect(result.rules.some((r) => r.meta.id === 'operational-has-lag-slo')).toBe(true);
  });

  it('reports a waiver that covers nothing as unused', () => {
    expect(result.unusedWaivers.map((w) => `${w.rule} ${w.subject}`)).toEqual(['topic-has-owner report.requested']);
  });

  it('before the expiry date the waiver still applies', () => {
    const earlier = lintFile('fixtures/lint/waivers/eventctl.yaml', { now: new Date('2024-01-31T23:59:00Z') });
    expect(summarizeFindings(earlier)).toEqual(['topic-has-correlation@19 topic:report.requested']);
  });
});
