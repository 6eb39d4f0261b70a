import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { rotateAccessTokenKeys, secretsManagerStore } from '@traced-social/auth-tokens';
import { parseRotateKeysArgs, ROTATE_KEYS_USAGE } from './rotate-keys-options';

/** `npm run rotate-keys -- --local | --stage <stage> [--force]` (see rotate-keys-options.ts). */
async function main(): Promise<void> {
  const options = parseRotateKeysArgs(process.argv.slice(2));
  if ('help' in options) {
    console.log(ROTATE_KEYS_USAGE);
    return;
  }
  const client = new SecretsManagerClient({
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint
      ? {
          endpoint: options.endpoint,
          // The local emulator does not check signatures.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
  });
  try {
    const result = await rotateAccessTokenKeys(secretsManagerStore(client), options.secrets, {
      force: options.force,
    });
    console.log(
      [
        `${options.stage}: tokens are now signed with key ${result.kid}`,
        result.previousKid
          ? `  ${result.previousKid} stays accepted until the tokens it signed expire`
          : '  (the first key pair of this stage)',
        ...result.retiredKids.map((kid) => `  ${kid} is retired: its tokens are refused`),
      ].join('\n'),
    );
  } finally {
    client.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
