import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS_CAP, resolveAwsSettings } from '../../../src/aws/clients.js';
import { UsageError } from '../../../src/errors.js';

describe('resolveAwsSettings', () => {
  it('prefers flags, then the AWS_* environment, then the manifest', () => {
    const env = { AWS_REGION: 'eu-central-1', AWS_PROFILE: 'ops', AWS_ENDPOINT_URL: 'http://127.0.0.1:5000' };
    expect(resolveAwsSettings({ env, manifestAws: { region: 'eu-west-1' } }, '1.2.3')).toMatchObject({
      region: 'eu-central-1',
      profile: 'ops',
      endpoint: 'http://127.0.0.1:5000',
      userAgent: 'eventctl/1.2.3',
    });
    expect(resolveAwsSettings({ env, region: 'us-west-2', profile: 'dev', endpointUrl: 'http://localhost:1' })).toMatchObject({
      region: 'us-west-2',
      profile: 'dev',
      endpoint: 'http://localhost:1',
    });
    expect(resolveAwsSettings({ env: {}, manifestAws: { region: 'eu-west-1' } }).region).toBe('eu-west-1');
  });

  it('never invents credentials for an endpoint; uses env keys only without --profile', () => {
    expect(resolveAwsSettings({ env: {}, endpointUrl: 'http://127.0.0.1:5000' }).credentials).toBeUndefined();
    const env = { AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 's', AWS_SESSION_TOKEN: 't' };
    expect(resolveAwsSettings({ env }).credentials).toEqual({ accessKeyId: 'AKIA', secretAccessKey: 's', sessionToken: 't' });
    expect(resolveAwsSettings({ env, profile: 'ops' }).credentials).toBeUndefined();
  });

  it('caps retries', () => {
    expect(resolveAwsSettings({ env: {} }).maxAttempts).toBe(5);
    expect(resolveAwsSettings({ env: { AWS_MAX_ATTEMPTS: '1' } }).maxAttempts).toBe(1);
    expect(resolveAwsSettings({ env: { AWS_MAX_ATTEMPTS: '99' } }).maxAttempts).toBe(MAX_ATTEMPTS_CAP);
  });

  it('rejects an endpoint that is not an http(s) URL', () => {
    expect(() => resolveAwsSettings({ env: {}, endpointUrl: 'localhost:5000' })).toThrow(UsageError);
    expect(() => resolveAwsSettings({ env: {}, endpointUrl: 'not a url' })).toThrow(UsageError);
  });
});
