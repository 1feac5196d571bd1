import type { STSClient } from '@aws-sdk/client-sts';

/** Who the credentials belong to: the one STS operation eventctl uses. */
export interface CallerIdentity {
  account: string;
  arn: string;
}

export interface StsPort {
  callerIdentity(): Promise<CallerIdentity>;
}

export function createStsPort(client: STSClient): StsPort {
  return {
    async callerIdentity() {
      const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
      const out = await client.send(new GetCallerIdentityCommand({}));
      return { account: out.Account ?? 'unknown', arn: out.Arn ?? 'unknown' };
    },
  };
}
