import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { secretsManagerClient } from '@traced-social/aws-clients';
import {
  ACCESS_TOKEN_JWKS_ARN_ENV,
  ACCESS_TOKEN_JWKS_ENV,
  ACCESS_TOKEN_SIGNING_KEY_ARN_ENV,
  ACCESS_TOKEN_SIGNING_KEY_ENV,
} from '@traced-social/manifest';
import {
  parsePublishedKeys,
  parseSigningKey,
  type PublishedKeys,
  type SigningKey,
} from './signing-keys';

/**
 * How long a container keeps the keys it read before asking Secrets Manager again. A rotation
 * publishes the new public key before anyone signs with it, and a verifier meeting an unknown
 * `kid` re-reads at once, so this only bounds how long a retired key stays accepted.
 * `POWERTOOLS_PARAMETERS_MAX_AGE` (seconds) overrides it, as for every Powertools parameter.
 */
export const KEYS_MAX_AGE_SECONDS = 300;

let provider: SecretsProvider | undefined;

/** One provider (and its cache) per container, on the traced Secrets Manager client. */
function secrets(): SecretsProvider {
  provider ??= new SecretsProvider({ awsSdkV3Client: secretsManagerClient() });
  return provider;
}

function maxAgeSeconds(env: NodeJS.ProcessEnv): number {
  const configured = Number(env.POWERTOOLS_PARAMETERS_MAX_AGE);
  return Number.isFinite(configured) && configured > 0 ? configured : KEYS_MAX_AGE_SECONDS;
}

/**
 * A secret's text: the variable itself when set (tests), else the secret at `<variable>_ARN`
 * through Powertools Parameters (cached for the max age; a failed read is not cached).
 */
async function secretText(
  directEnv: string,
  arnEnv: string,
  env: NodeJS.ProcessEnv,
  forceFetch: boolean,
): Promise<string> {
  const direct = env[directEnv];
  if (direct) return direct;
  const arn = env[arnEnv];
  if (!arn) throw new Error(`Neither ${directEnv} nor ${arnEnv} is set`);
  const value = await secrets().get(arn, { maxAge: maxAgeSeconds(env), forceFetch });
  if (typeof value !== 'string') throw new Error(`Secret ${arn} has no string value`);
  return value;
}

/** Parses a text once: the same secret text gives the same object (and its imported key). */
function parsedOnce<T>(parse: (text: string) => T): (text: string) => T {
  let last: { text: string; value: T } | undefined;
  return (text) => {
    if (last?.text !== text) last = { text, value: parse(text) };
    return last.value;
  };
}

const signingKeyOf = parsedOnce(parseSigningKey);
const publishedKeysOf = parsedOnce(parsePublishedKeys);

/** The private key to sign access tokens with (only the auth functions may read it). */
export async function currentSigningKey(env: NodeJS.ProcessEnv = process.env): Promise<SigningKey> {
  return signingKeyOf(
    await secretText(ACCESS_TOKEN_SIGNING_KEY_ENV, ACCESS_TOKEN_SIGNING_KEY_ARN_ENV, env, false),
  );
}

/** The public keys access tokens are verified with (current and previous). */
export async function publishedKeys(
  env: NodeJS.ProcessEnv = process.env,
  options: { forceFetch?: boolean } = {},
): Promise<PublishedKeys> {
  return publishedKeysOf(
    await secretText(
      ACCESS_TOKEN_JWKS_ENV,
      ACCESS_TOKEN_JWKS_ARN_ENV,
      env,
      options.forceFetch ?? false,
    ),
  );
}
