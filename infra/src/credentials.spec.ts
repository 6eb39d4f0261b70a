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
const CREDENTIALS_TABLE = ssm('table/credentials/name');
const USERS_TABLE = ssm('table/users/name');

describe('credentials and keys in the synthesised IAM policies', () => {
  let synth: Synthesised;
  const statements = (app: string, fn: string) =>
    functionStatements(
      synth.template(`traced-social-dev-${app}`),
      `traced-social-dev-${app}-${fn}`,
    );
  const readable = (app: string, fn: string): string[] =>
    statements(app, fn)
      .filter((statement) => statement.actions.includes('secretsmanager:GetSecretValue'))
      .flatMap((statement) => statement.resources);
  /** The tables (by SSM name parameter) a function may read items of. */
  const readableTables = (app: string, fn: string): string[] =>
    statements(app, fn)
      .filter((statement) => statement.actions.includes('dynamodb:GetItem'))
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

  it('lets no function outside the auth app reach the credentials table (password hashes, refresh tokens)', () => {
    const readers = apps.flatMap(({ manifest }) =>
      manifest.functions
        .filter((fn) =>
          statements(manifest.app, fn.name).some((statement) =>
            statement.resources.some((resource) => resource.includes(CREDENTIALS_TABLE)),
          ),
        )
        .map((fn) => `${manifest.app}-${fn.name}`),
    );
    expect(readers.sort()).toEqual([
      'auth-login',
      'auth-logout',
      'auth-logout-all',
      'auth-refresh',
      'auth-register',
    ]);
  });

  it('lets get-profile read profiles but not a password hash', () => {
    const tables = readableTables('profile', 'get-profile');
    expect(tables.some((resource) => resource.includes(USERS_TABLE))).toBe(true);
    expect(tables.some((resource) => resource.includes(CREDENTIALS_TABLE))).toBe(false);
  });

  it('lets get-profile verify tokens with the public keys and nothing more', () => {
    expect(readable('profile', 'get-profile')).toEqual([JWKS]);
  });
});
