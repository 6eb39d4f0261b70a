import { discoverApps } from './discover';
import { synthesise, type Synthesised } from './testing/synth';
import { functionStatements } from './testing/template-helpers';

/**
 * Who may read what only the auth app should (decision 1301): asserted on the synthesised IAM
 * policies of every real app's functions.
 */
const apps = discoverApps();
const ssm = (key: string) => `{/traced-social/dev/shared/${key}}`;
const SIGNING_KEY = ssm('access-token/signing-key/arn');
const JWKS = ssm('access-token/jwks/arn');

describe('credentials and keys in the synthesised IAM policies', () => {
  let synth: Synthesised;
  const readable = (app: string, fn: string): string[] =>
    functionStatements(synth.template(`traced-social-dev-${app}`), `traced-social-dev-${app}-${fn}`)
      .filter((statement) => statement.actions.includes('secretsmanager:GetSecretValue'))
      .flatMap((statement) => statement.resources);

  beforeAll(() => {
    synth = synthesise({ apps });
  });

  it('lets only the functions that sign tokens read the private signing key', () => {
    const signers = apps.flatMap(({ manifest }) =>
      manifest.functions
        .filter((fn) => readable(manifest.app, fn.name).includes(SIGNING_KEY))
        .map((fn) => `${manifest.app}-${fn.name}`),
    );
    expect(signers.sort()).toEqual(['auth-login', 'auth-refresh']);
  });

  it('expires sessions and refresh tokens by TTL on the credentials table', () => {
    synth.template('traced-social-dev-shared').hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
    });
  });

  it('lets get-profile verify tokens with the public keys and nothing more', () => {
    expect(readable('profile', 'get-profile')).toEqual([JWKS]);
  });
});
