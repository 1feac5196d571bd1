import { CreateRoleCommand, GetRoleCommand, type IAMClient } from '@aws-sdk/client-iam';
import { remoteCaller } from './errors.js';

/** Sandbox only: emulators (like AWS) refuse a function or state machine without an existing role. */
export interface IamPort {
  /** The role's ARN, creating it (trusting `service`) when missing. */
  ensureServiceRole(name: string, service: string): Promise<string>;
}

export function createIamPort(client: IAMClient, endpoint?: string): IamPort {
  const call = remoteCaller('iam', endpoint);
  return {
    ensureServiceRole: (name, service) =>
      call('CreateRole', `role ${name}`, async () => {
        try {
          return (await client.send(new GetRoleCommand({ RoleName: name }))).Role?.Arn ?? '';
        } catch (error) {
          if ((error as { name?: string }).name !== 'NoSuchEntity' && (error as { name?: string }).name !== 'NoSuchEntityException') throw error;
        }
        const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] };
        try {
          const out = await client.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust) }));
          return out.Role?.Arn ?? '';
        } catch (error) {
          // IAM is global to the account: another region of the same account (a fan-out does them
          // at once) may have created it between our read and our create.
          if (!/^EntityAlreadyExists/.test((error as { name?: string }).name ?? '')) throw error;
          return (await client.send(new GetRoleCommand({ RoleName: name }))).Role?.Arn ?? '';
        }
      }),
  };
}
