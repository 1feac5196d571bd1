import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { readUserTextSync } from './read-user-file.js';
import { closest } from '../text/closest.js';

/** The shared AWS config files (read without the SDK, so offline checks and early errors need none): the files the SDK reads profiles from (honouring AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE). */
export function sharedConfigFiles(env: NodeJS.ProcessEnv): { config: string; credentials: string } {
  return {
    config: env.AWS_CONFIG_FILE || join(homedir(), '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || join(homedir(), '.aws', 'credentials'),
  };
}

/** Profile names declared in an ini text: `[profile x]` (config) or `[x]` (credentials). Pure. */
export function profileNames(text: string): string[] {
  const names: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*\[\s*(?:profile\s+)?([^\]\s]+)\s*\]\s*$/.exec(line);
    if (m && !/^(sso-session|services)$/.test(m[1]!)) names.push(m[1]!);
  }
  return names;
}

function readIfThere(path: string): string {
  try {
    return readUserTextSync(path, { maxBytes: 1_048_576, what: 'AWS config' });
  } catch {
    return '';
  }
}

/**
 * The SDK says only "Could not load credentials from any providers" for a profile that does not
 * exist; say which profile and where it was looked for, before any call.
 */
export function assertProfileExists(profile: string | undefined, env: NodeJS.ProcessEnv): void {
  if (profile === undefined) return;
  const files = sharedConfigFiles(env);
  const names = [...new Set([...profileNames(readIfThere(files.config)), ...profileNames(readIfThere(files.credentials))])];
  if (names.includes(profile)) return;
  const guess = closest(profile, names);
  throw new UsageError(`AWS profile '${profile}' not found in ${files.config} or ${files.credentials}`, {
    hint: guess
      ? `did you mean --profile ${guess}?`
      : names.length > 0
        ? `profiles there: ${names.join(', ')}`
        : `create it with \`aws configure --profile ${profile}\` (or \`aws configure sso\`)`,
  });
}
