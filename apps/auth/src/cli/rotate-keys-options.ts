import { parseArgs } from 'node:util';
import { accessTokenSecretNames } from '@traced-social/manifest';

export const ROTATE_KEYS_USAGE = `Usage: npm run rotate-keys -- (--local | --stage <stage>) [options]

Rotates the access-token keys (ES256): a new key pair is published in the JWKS beside the
current key, then signs every new token; the key before the current one is retired. The first
run on a stage creates the first pair. See apps/auth/README.md, "Rotating the keys".

  --local                the local cloud's Secrets Manager (npm start must be running)
  --endpoint <url>       with --local: its URL (default http://127.0.0.1:$LOCAL_CLOUD_SECRETS_PORT,
                         else :4569)
  --stage <stage>        an AWS stage (dev, prod): the secrets of traced-social/<stage>/...,
                         with the usual AWS credentials and region (AWS_REGION, --region)
  --region <region>      AWS region
  --force                rotate even if the current key is younger than a token lifetime plus
                         the verifiers' cache age (a compromised key): its tokens stop working
  --help                 this text`;

export interface RotateKeysOptions {
  stage: string;
  secrets: { signingKey: string; jwks: string };
  /** Secrets Manager endpoint (the local cloud's), or undefined for AWS. */
  endpoint?: string;
  region?: string;
  force: boolean;
}

/** Reads the command line: `{ help: true }` for --help, else what to rotate where. */
export function parseRotateKeysArgs(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): RotateKeysOptions | { help: true } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      local: { type: 'boolean' },
      endpoint: { type: 'string' },
      stage: { type: 'string' },
      region: { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true };
  if (values.local === Boolean(values.stage)) {
    throw new Error('Say where to rotate: --local or --stage <stage> (one of them)');
  }
  if (values.endpoint && !values.local) throw new Error('--endpoint goes with --local');
  if (values.stage !== undefined && !/^[a-z][a-z0-9-]*$/.test(values.stage)) {
    throw new Error(`--stage takes a stage name (dev, prod), got "${values.stage}"`);
  }
  const stage = values.stage ?? 'local';
  return {
    stage,
    secrets: accessTokenSecretNames(stage),
    endpoint: values.local
      ? (values.endpoint ?? `http://127.0.0.1:${env.LOCAL_CLOUD_SECRETS_PORT ?? 4569}`)
      : undefined,
    region: values.region ?? env.AWS_REGION ?? (values.local ? 'us-east-1' : undefined),
    force: values.force === true,
  };
}
