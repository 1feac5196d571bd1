import { Parser } from '@asyncapi/parser';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const MANIFEST = 'fixtures/platform/eventctl.yaml';

/** The AsyncAPI project's own parser (validation with its Spectral ruleset included). */
const parser = new Parser();
async function parseAsyncApi(text: string) {
  const { document, diagnostics } = await parser.parse(text);
  // Spectral severities: 0 error, 1 warning, 2 info, 3 hint.
  const problems = diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.code} ${d.path.join('/')}: ${d.message}`);
  return { document, problems };
}

describe('eventctl export asyncapi', () => {
  it('writes an AsyncAPI 3.0 document of the example platform that the AsyncAPI parser accepts without errors or warnings', async () => {
    const result = await runCli(['export', 'asyncapi', '-m', MANIFEST]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const { document, problems } = await parseAsyncApi(result.stdout);
    expect(problems).toEqual([]);
    expect(document).toBeDefined();
    expect(document!.version()).toBe('3.0.0');
    expect(document!.info().title()).toBe('acme-orders');
    // A channel and a message per topic; a send per topic and a receive per (consumer, topic).
    expect(document!.channels().length).toBe(7);
    expect(document!.allMessages().length).toBe(7);
    const ops = document!.operations();
    expect(ops.filterBySend().length).toBe(7);
    expect(ops.filterByReceive().length).toBe(19);

    // The payload is the topic's JSON Schema, its local $ref (#/$defs/money) resolved inside the document.
    const placed = document!.channels().get('order.placed')!.messages().get('order.placed')!;
    const payload = placed.payload()!;
    expect(payload.required()).toContain('orderId');
    expect(Object.keys(payload.properties()?.total?.properties() ?? {})).toEqual(expect.arrayContaining(['amount', 'currency']));

    // Class and obligations ride along as extensions.
    const billing = ops.get('billing-charge')!;
    expect(billing.action()).toBe('receive');
    expect(billing.extensions().get('x-eventctl-class')?.value()).toBe('operational');
    expect(billing.extensions().get('x-eventctl-obligations')?.value()).toMatchObject({
      idempotency: { key: '/detail/orderId', windowHours: 720 },
      sideEffects: ['payments-api'],
      dlq: 'billing-charge-dlq',
    });
    expect(ops.get('orders-read-model.order.shipped')?.extensions().get('x-eventctl-obligations')?.value()).toEqual({ rebuildable: true });
  }, 60_000);

  it('--format json is the same document; the parser is real (it rejects a broken one)', async () => {
    const result = await runCli(['export', 'asyncapi', '-m', MANIFEST, '--format', 'json', '--info-version', '2.1.0']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout) as { info: { version: string }; operations: Record<string, { channel: unknown }> };
    expect(doc.info.version).toBe('2.1.0');
    doc.operations['billing-charge']!.channel = { $ref: '#/channels/nope' };
    const { problems } = await parseAsyncApi(JSON.stringify(doc));
    expect(problems.length).toBeGreaterThan(0);
  }, 60_000);
});
