import { defineCommand } from '../src/define-command.js';

export default defineCommand({
  name: 'guardrails',
  summary: 'print the IAM deny policy that makes the signed gate the only road to gated consumers',
  description:
    "eventctl is a client: anyone holding events:StartReplay, sqs:StartMessageMoveTask or sqs:SendMessage on an operational or workflow consumer's resources can bypass it. This prints an IAM policy (JSON, for a permission boundary or a service control policy) that denies those three actions on the manifest's operational and workflow queues, DLQs and bus archives to every principal except --runner-role, the role that runs eventctl on the protected branch. Offline. See docs/trust-model.md.",
  options: [
    { flags: '--runner-role <arn>', description: 'the IAM role allowed past the guardrails (the CI runner on the protected branch)' },
    { flags: '--account <id>', description: 'the account of the resources (default: aws.account of the manifest)' },
    { flags: '--aws-region <region>', description: 'the region of the resources (default: aws.region of the manifest, else every region)' },
  ],
  examples: ['eventctl guardrails --runner-role arn:aws:iam::123456789012:role/eventctl-runner > guardrails.json'],
  async run(ctx, _args, options) {
    const { printGuardrails } = await import('../src/approval/cli/guardrails.js');
    return printGuardrails(ctx, options as { runnerRole?: string; account?: string; awsRegion?: string });
  },
});
