import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS_CAP, resolveAwsSettings, retryConfig } from '../../../src/aws/clients.js';

/** The one place eventctl's retry policy is chosen: named profiles over the SDK's retry modes. */
describe('retry profiles (src/aws/clients.ts)', () => {
  it('on-call (the default): adaptive, 5 attempts; long-work: standard, 8 attempts', () => {
    const settings = resolveAwsSettings({ env: {} });
    expect(retryConfig(settings)).toEqual({ retryMode: 'adaptive', maxAttempts: 5 });
    expect(retryConfig(settings, { retryProfile: 'on-call' })).toEqual({ retryMode: 'adaptive', maxAttempts: 5 });
    expect(retryConfig(settings, { retryProfile: 'long-work' })).toEqual({ retryMode: 'standard', maxAttempts: 8 });
  });

  it('AWS_MAX_ATTEMPTS is the user\'s word for both profiles (capped); a test hook overrides both', () => {
    const one = resolveAwsSettings({ env: { AWS_MAX_ATTEMPTS: '1' } });
    expect(retryConfig(one, { retryProfile: 'long-work' }).maxAttempts).toBe(1);
    const many = resolveAwsSettings({ env: { AWS_MAX_ATTEMPTS: '99' } });
    expect(retryConfig(many, { retryProfile: 'long-work' }).maxAttempts).toBe(MAX_ATTEMPTS_CAP);
    expect(retryConfig(many).maxAttempts).toBe(MAX_ATTEMPTS_CAP);
    const unset = resolveAwsSettings({ env: { AWS_MAX_ATTEMPTS: '' } });
    expect(retryConfig(unset, { retryProfile: 'long-work' }).maxAttempts).toBe(8);
    expect(retryConfig(unset, { retryProfile: 'long-work', maxAttempts: 2 }).maxAttempts).toBe(2);
  });
});
