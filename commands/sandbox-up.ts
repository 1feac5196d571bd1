import { defineCommand } from '../src/define-command.js';

export default defineCommand({
  name: 'sandbox up',
  summary: "create the manifest's buses, rules, queues, DLQs and archives in a local emulator",
  description:
    "Creates (or brings back in line) every bus, archive, SQS queue, DLQ with its redrive policy, and rule with its SQS target that the manifest declares, in a local emulator such as moto. Refuses any endpoint that is not loopback. Idempotent: a second run changes nothing. Operational rules exclude replayed events (\"replay-name\": [{\"exists\": false}]).",
  aws: true,
  examples: ['eventctl sandbox up --endpoint-url http://127.0.0.1:5000', 'AWS_ENDPOINT_URL=http://localhost:5000 eventctl sandbox up --format json'],
  async run(ctx) {
    const { runSandboxUp } = await import('../src/live/sandbox-run.js');
    return runSandboxUp(ctx);
  },
});
