import type { CommandContext } from '../../context.js';
import { ExitCode, UsageError } from '../../errors.js';
import { requireTextOrJson } from '../../report/format-name.js';
import { guardrailsPolicy, isRoleArn } from '../guardrails.js';

export interface GuardrailsOptions {
  runnerRole?: string;
  account?: string;
  awsRegion?: string;
}

/** `eventctl guardrails`: prints the IAM deny policy as JSON (offline; never loads the AWS SDK). */
export async function printGuardrails(ctx: CommandContext, options: GuardrailsOptions): Promise<number> {
  requireTextOrJson(ctx.global.format, 'guardrails');
  const runner = options.runnerRole;
  if (!runner) throw new UsageError('--runner-role <arn> is required: the one role allowed past the guardrails', { hint: 'the role your CI runner assumes on the protected branch, e.g. arn:aws:iam::123456789012:role/eventctl-runner' });
  if (!isRoleArn(runner)) throw new UsageError(`--runner-role '${runner}' is not an IAM role ARN`, { hint: 'e.g. arn:aws:iam::123456789012:role/eventctl-runner' });
  const { manifest } = await ctx.loadManifest();
  const account = options.account ?? manifest.aws?.account;
  if (!account) throw new UsageError('the account is unknown: set aws.account in the manifest or pass --account <id>');
  if (!/^\d{12}$/.test(account)) throw new UsageError(`--account '${account}' is not a 12-digit account id`);
  const region = options.awsRegion ?? manifest.aws?.region ?? '*';
  const partition = /^arn:(aws[a-z-]*):/.exec(runner)![1]!;
  const policy = guardrailsPolicy({ manifest, runnerRoleArn: runner, account, region, partition });
  // The IAM document itself is the data, in either format (paste it as it is).
  ctx.emit(JSON.stringify(policy, null, 2));
  if (policy.Statement.length === 0) ctx.warn('the manifest has no operational or workflow consumers: nothing to guard');
  return ExitCode.ok;
}
