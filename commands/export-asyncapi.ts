import { defineCommand } from '../src/define-command.js';

export default defineCommand({
  name: 'export asyncapi',
  summary: 'the platform as an AsyncAPI 3.0 document (YAML, or --format json)',
  description:
    'Writes an AsyncAPI 3.0 document from the manifest: a channel per topic (EventBridge bus, source, detail-type) with its message and JSON Schema payload, a send operation per topic, and a receive operation per consumer and topic carrying its class, obligations and delivery (x-eventctl-*). For EventCatalog, AsyncAPI Studio and code generators. Offline.',
  options: [{ flags: '--info-version <version>', description: 'info.version of the document', default: '1.0.0' }],
  examples: ['eventctl export asyncapi -o asyncapi.yaml', 'eventctl export asyncapi --format json --info-version 2.3.0'],
  async run(ctx, _args, options) {
    const { exportAsyncApi } = await import('../src/export/asyncapi-command.js');
    return exportAsyncApi(ctx, { infoVersion: options.infoVersion as string | undefined });
  },
});
