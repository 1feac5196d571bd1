/** One line of `eventctl doctor`: what was checked, how it went, and what to do when it did not. */
export interface DoctorCheck {
  name: string;
  status: 'ok' | 'warn' | 'fail' | 'skip';
  detail: string;
  hint?: string;
}

/** `v20.11.0` satisfies `>=20.11`? Pure. */
export function nodeSatisfies(version: string, minimum: string): boolean {
  const parse = (v: string) => v.replace(/^[^\d]*/, '').split('.').map((n) => Number.parseInt(n, 10) || 0);
  const [a, b] = [parse(version), parse(minimum)];
  for (let i = 0; i < 3; i += 1) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

/** Where credentials would come from, without asking AWS (offline part of doctor). Pure. */
export function credentialSource(
  env: NodeJS.ProcessEnv,
  profile: string | undefined,
  sharedFiles: { credentials: boolean; config: boolean },
): DoctorCheck {
  const name = 'credentials';
  if (profile !== undefined) {
    if (!sharedFiles.credentials && !sharedFiles.config) {
      return { name, status: 'fail', detail: `profile '${profile}' asked for, but there is no ~/.aws/config or ~/.aws/credentials`, hint: `run \`aws configure --profile ${profile}\` or \`aws sso login --profile ${profile}\`` };
    }
    return { name, status: 'ok', detail: `profile '${profile}' (shared config files)` };
  }
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return { name, status: 'ok', detail: `AWS_ACCESS_KEY_ID ${env.AWS_ACCESS_KEY_ID.slice(0, 4)}… from the environment${env.AWS_SESSION_TOKEN ? ' (with a session token)' : ''}` };
  }
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE) return { name, status: 'ok', detail: 'web identity token (AWS_WEB_IDENTITY_TOKEN_FILE)' };
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI) return { name, status: 'ok', detail: 'container credentials endpoint' };
  if (sharedFiles.credentials || sharedFiles.config) return { name, status: 'ok', detail: 'default profile (shared config files)' };
  return {
    name,
    status: 'warn',
    detail: 'none found: no --profile/AWS_PROFILE, no AWS_ACCESS_KEY_ID, no ~/.aws files',
    hint: 'live commands need credentials: set AWS_PROFILE, pass --profile, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
  };
}
