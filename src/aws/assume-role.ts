import type { STSClient } from '@aws-sdk/client-sts';
import { createAwsClients, type AwsClientOptions, type AwsClients, type AwsSettings, type RetryProfile, type StaticCredentials } from './clients.js';
import { toRemoteError } from './errors.js';

/** The role eventctl assumes to act in one account. */
export interface AccountRole {
  accountId: string;
  roleArn: string;
  externalId?: string;
}

/** Re-assume this long before the session expires (a `lag --watch` outlives a 1 h session). */
const REFRESH_BEFORE_MS = 5 * 60_000;

/**
 * One STS AssumeRole per role for the whole run, through the first-hop settings (the same
 * --profile / environment chain as single-account commands). Each account's clients get a
 * credentials provider; concurrent callers share one pending AssumeRole.
 */
export interface RoleSessions {
  /** Clients acting in `role`'s account and `region` (under the on-call retry profile unless asked). */
  clientsFor(role: AccountRole, region: string, retryProfile?: RetryProfile): AwsClients;
  /** AssumeRole calls made so far (benchmarks check one per account). */
  readonly assumeRoleCalls: number;
  destroy(): void;
}

export function createRoleSessions(base: AwsSettings, sessionName: string, options: AwsClientOptions = {}): RoleSessions {
  let sts: Promise<STSClient> | undefined;
  let calls = 0;
  const cache = new Map<string, Promise<StaticCredentials>>();
  const opened: AwsClients[] = [];
  const stsClient = () =>
    (sts ??= import('@aws-sdk/client-sts').then(({ STSClient }) => {
      const client = new STSClient({
        region: base.region ?? 'us-east-1',
        endpoint: base.endpoint,
        profile: base.profile,
        credentials: base.credentials,
        maxAttempts: options.maxAttempts ?? base.maxAttempts,
        requestHandler: { connectionTimeout: 3_000, requestTimeout: 30_000 },
      });
      for (const plugin of options.plugins ?? []) plugin(client, 'sts');
      return client;
    }));

  const assume = async (role: AccountRole): Promise<StaticCredentials> => {
    calls += 1;
    const client = await stsClient();
    const { AssumeRoleCommand } = await import('@aws-sdk/client-sts');
    try {
      const out = await client.send(
        new AssumeRoleCommand({ RoleArn: role.roleArn, RoleSessionName: sessionName, ...(role.externalId ? { ExternalId: role.externalId } : {}) }),
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('AssumeRole returned no credentials');
      return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
    } catch (error) {
      throw toRemoteError(error, { service: 'sts', operation: 'AssumeRole', resource: `role ${role.roleArn}`, endpoint: base.endpoint });
    }
  };

  const provider = (role: AccountRole): () => Promise<StaticCredentials> => async () => {
    const key = `${role.roleArn}\n${role.externalId ?? ''}`;
    let pending = cache.get(key);
    if (pending) {
      const current = await pending.catch(() => undefined);
      // A failed AssumeRole stays failed for the run: every region of that account reports it once.
      if (current === undefined || !current.expiration || current.expiration.getTime() - Date.now() > REFRESH_BEFORE_MS) return pending;
      pending = undefined;
    }
    pending = assume(role);
    cache.set(key, pending);
    return pending;
  };

  return {
    clientsFor: (role, region, retryProfile) => {
      const clients = createAwsClients({ ...base, region, profile: undefined, credentials: provider(role) }, { ...options, ...(retryProfile ? { retryProfile } : {}) });
      opened.push(clients);
      return clients;
    },
    get assumeRoleCalls() {
      return calls;
    },
    destroy: () => {
      for (const clients of opened.splice(0)) clients.destroy();
      void sts?.then((client) => client.destroy());
    },
  };
}
