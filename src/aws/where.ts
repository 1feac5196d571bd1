import type { AwsClients } from './clients.js';
import { toRemoteError } from './errors.js';
import { createStsPort } from './sts.js';

/** Where a live command read: printed on stderr and carried in JSON, so a wrong region is obvious. */
export interface AwsWhere {
  /** From STS GetCallerIdentity; null when it could not be asked (then `accountError` says why). */
  account: string | null;
  arn: string | null;
  accountError?: string;
  region: string | null;
  endpoint: string | null;
  profile: string | null;
}

/** Never throws: a failed identity lookup leaves `account` null and the command carries on. */
export async function describeWhere(clients: AwsClients): Promise<AwsWhere> {
  const { settings } = clients;
  const base = { endpoint: settings.endpoint ?? null, profile: settings.profile ?? null };
  let region = settings.region ?? null;
  try {
    const sts = await clients.sts();
    region ??= (await sts.config.region()) ?? null;
    const identity = await createStsPort(sts).callerIdentity();
    return { ...base, region, account: identity.account, arn: identity.arn };
  } catch (error) {
    const reason = toRemoteError(error, { service: 'sts', operation: 'GetCallerIdentity' }).message;
    return { ...base, region, account: null, arn: null, accountError: reason };
  }
}
