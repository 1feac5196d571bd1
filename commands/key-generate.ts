import { defineCommand } from '../src/define-command.js';

export default defineCommand({
  name: 'key generate',
  summary: 'create an Ed25519 approval signing key (encrypted private key, ssh-ed25519 public line)',
  description:
    'Writes <out>.key (PKCS#8, encrypted with a passphrase, mode 0600) and <out>.pub (one ssh-ed25519 line) and prints the SHA256 fingerprint and the policy snippet. EVENTCTL_KEY_PASSPHRASE supplies the passphrase without a prompt; without it a prompt appears only in an interactive terminal. Existing SSH Ed25519 keys need no generating: register their .pub line with scheme sshsig.',
  options: [
    { flags: '--principal <name>', description: 'the policy principal this key belongs to' },
    { flags: '--out <path>', description: 'path prefix for <path>.key and <path>.pub (never overwritten)' },
  ],
  examples: ['eventctl key generate --principal alice --out ~/.eventctl/alice', 'EVENTCTL_KEY_PASSPHRASE=… eventctl key generate --principal ci-bot --out keys/ci-bot --format json'],
  async run(ctx, _args, options) {
    const { keyGenerate } = await import('../src/approval/cli/key-generate.js');
    return keyGenerate(ctx, options as { principal?: string; out?: string });
  },
});
