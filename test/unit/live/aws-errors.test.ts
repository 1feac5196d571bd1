import { describe, expect, it } from 'vitest';
import { toRemoteError, permissionFor } from '../../../src/aws/errors.js';
import { ExitCode, RemoteError, UsageError } from '../../../src/errors.js';

const site = { service: 'sqs' as const, operation: 'GetQueueAttributes', resource: 'queue billing-charge', endpoint: 'http://127.0.0.1:5000' };
const sdkError = (name: string, status?: number, message = 'boom') =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status, attempts: 5 } });

describe('toRemoteError', () => {
  it.each([
    [sdkError('CredentialsProviderError', undefined, 'Could not load credentials from any providers'), /^no AWS credentials found for GetQueueAttributes \(queue billing-charge\)$/],
    [sdkError('AccessDeniedException', 400), /^access denied: GetQueueAttributes \(queue billing-charge\) needs sqs:GetQueueAttributes$/],
    [sdkError('SyntaxError', 403, 'Unexpected token <'), /^AWS refused GetQueueAttributes \(queue billing-charge\) \(HTTP 403\): the credentials were rejected or lack sqs:GetQueueAttributes$/],
    [sdkError('UnrecognizedClientException', 400), /^AWS rejected the credentials for GetQueueAttributes \(queue billing-charge\): UnrecognizedClientException$/],
    [sdkError('QueueDoesNotExist', 400), /^queue billing-charge does not exist \(GetQueueAttributes\)$/],
    [sdkError('ThrottlingException', 400), /^throttled by AWS on GetQueueAttributes \(queue billing-charge\) after 5 attempts$/],
    [sdkError('InternalFailure', 503), /^sqs service error on GetQueueAttributes \(queue billing-charge\): HTTP 503 after 5 attempts$/],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5000'), { code: 'ECONNREFUSED' }), /^cannot reach http:\/\/127\.0\.0\.1:5000 for GetQueueAttributes \(queue billing-charge\): ECONNREFUSED$/],
    [Object.assign(new Error('socket hang up'), { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) }), /ECONNRESET$/],
  ])('maps %s to one line with exit 4', (error, message) => {
    const mapped = toRemoteError(error, site);
    expect(mapped).toBeInstanceOf(RemoteError);
    expect(mapped.exitCode).toBe(ExitCode.remote);
    expect(mapped.message).toMatch(message);
    expect(mapped.message).not.toContain('\n');
  });

  it('with a profile in use, missing or expired credentials point at that profile, never "pass --profile"', () => {
    const missing = toRemoteError(Object.assign(sdkError('CredentialsProviderError', undefined, 'Could not resolve credentials'), { profileInUse: 'prod-admin' }), site);
    expect(missing.message).toBe("no AWS credentials found for GetQueueAttributes (queue billing-charge) in profile 'prod-admin'");
    const expired = toRemoteError(Object.assign(sdkError('ExpiredTokenException', 400), { profileInUse: 'prod-admin' }), site);
    for (const e of [missing, expired]) {
      expect(e.hint).toContain("refresh the credentials of profile 'prod-admin'");
      expect(e.hint).not.toMatch(/pass --profile|check AWS_PROFILE/);
    }
    // Without a profile the general advice stands.
    expect(toRemoteError(sdkError('CredentialsProviderError'), site).hint).toContain('pass --profile');
  });

  it('passes eventctl errors through unchanged', () => {
    const usage = new UsageError('bad');
    expect(toRemoteError(usage, site)).toBe(usage);
  });

  it('names the IAM action, batch calls by their single-message action', () => {
    expect(permissionFor({ service: 'sqs', operation: 'DeleteMessageBatch' })).toBe('sqs:DeleteMessage');
    expect(permissionFor({ service: 'events', operation: 'ListRules' })).toBe('events:ListRules');
  });
});
