import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { SecretStore } from './key-rotation';

/** What the CDK stacks put in a key secret before the first rotation writes a key. */
export const KEY_SECRET_PLACEHOLDER = '{}';

/**
 * The key secrets in Secrets Manager (AWS, or the local cloud's emulator of it). Each write is a
 * new version; Secrets Manager keeps the replaced one as `AWSPREVIOUS`.
 */
export function secretsManagerStore(client: SecretsManagerClient): SecretStore {
  return {
    read: async (id) => {
      try {
        const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: id }));
        return SecretString && SecretString !== KEY_SECRET_PLACEHOLDER ? SecretString : undefined;
      } catch (error) {
        if (error instanceof ResourceNotFoundException) return undefined;
        throw error;
      }
    },
    write: async (id, text) => {
      await client.send(new PutSecretValueCommand({ SecretId: id, SecretString: text }));
    },
  };
}
