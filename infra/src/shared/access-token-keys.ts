import { SecretValue, type RemovalPolicy } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { acknowledgeNag } from '../nag';

/**
 * The two access-token key secrets (decision 1301): the private signing key, read only by the
 * functions that sign (`uses.signsTokens`), and the public JWKS every verifier reads. Both start
 * as the placeholder `{}`: `npm run rotate-keys -- --stage <stage>` writes the first key pair
 * after the first deploy, and every rotation after that (apps/auth/README.md).
 */
export function accessTokenKeySecrets(
  scope: Construct,
  stage: string,
  names: { signingKey: string; jwks: string },
  removalPolicy: RemovalPolicy,
): { signingKey: Secret; jwks: Secret } {
  const placeholder = SecretValue.unsafePlainText('{}');
  const signingKey = new Secret(scope, 'AccessTokenSigningKey', {
    secretName: names.signingKey,
    description: `Traced Social ${stage}: ES256 private key signing access tokens (auth only)`,
    secretStringValue: placeholder,
    removalPolicy,
  });
  const jwks = new Secret(scope, 'AccessTokenJwks', {
    secretName: names.jwks,
    description: `Traced Social ${stage}: public keys (JWKS) verifying access tokens`,
    secretStringValue: placeholder,
    removalPolicy,
  });
  for (const secret of [signingKey, jwks]) {
    acknowledgeNag(
      secret,
      'SMG4',
      'Rotated by `npm run rotate-keys`, which must write both secrets in order (JWKS first) and ' +
        'keep the previous public key: a single-secret rotation Lambda cannot do that.',
    );
  }
  return { signingKey, jwks };
}
