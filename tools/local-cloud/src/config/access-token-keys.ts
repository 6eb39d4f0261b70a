import { ensureAccessTokenKeys, type SecretStore } from '@traced-social/auth-tokens';
import { accessTokenSecretNames } from '@traced-social/manifest';
import type { LocalSecretsManager } from '../emulators/secrets-manager';

/**
 * Creates the access-token key pair in the local Secrets Manager on the first start (kept in the
 * data directory: tokens survive restarts; `--reset` makes a new pair; `npm run rotate-keys --
 * --local` rotates it). Returns the ARNs functions are given. The keys are never logged.
 */
export async function provisionAccessTokenKeys(
  secrets: LocalSecretsManager,
  stage: string,
): Promise<{ signingKeyArn: string; jwksArn: string }> {
  const names = accessTokenSecretNames(stage);
  const store: SecretStore = {
    read: async (name) => secrets.read(name),
    write: async (name, text) => secrets.write(name, text),
  };
  await ensureAccessTokenKeys(store, names);
  return { signingKeyArn: secrets.arnOf(names.signingKey), jwksArn: secrets.arnOf(names.jwks) };
}
