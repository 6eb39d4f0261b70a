import { REDACTED } from '../index';
import { expectTrace } from '../testing';
import { useFixtureHandlers } from './support/fixture-handlers';

const jwt =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTQyIiwicm9sZSI6ImFkbWluIn0.U0lHTkFUVVJFLVNFQ1JFVC0xMjM';
const secrets = {
  password: 'hunter2-PASSWORD-0001',
  token: 'tok-OPAQUE-TOKEN-0002',
  jwt,
  authorization: 'Bearer BEARER-SECRET-0003',
  cookie: 'session=COOKIE-SECRET-0004',
  apiKey: 'APIKEY-SECRET-0005',
  refreshToken: 'REFRESH-SECRET-0006',
};
/** Every secret, and the distinctive parts of the compound ones. */
const forbidden = [
  ...Object.values(secrets),
  'BEARER-SECRET-0003',
  'COOKIE-SECRET-0004',
  ...jwt.split('.'),
];

describe('redaction on the emitted bytes', () => {
  const fixtures = useFixtureHandlers();

  it('lets no password, token, JWT, cookie or Authorization header out, at any depth', async () => {
    const { tree, error } = await fixtures.invoke({
      exportName: 'leaky',
      event: { secrets },
    });

    expect(error).toBeInstanceOf(Error);
    const bytes = fixtures.capture.rawBytes().toString('utf8');
    expect(bytes.length).toBeGreaterThan(0);
    for (const secret of forbidden) expect(bytes).not.toContain(secret);

    // What is not secret is kept, and the shape of the data survives.
    const handler = expectTrace(tree)
      .node('## handlers.leaky')
      .toHaveAnnotation('userId', REDACTED)
      .toHaveAnnotation('errorType', 'Error')
      .toHaveException('Error', `password=${REDACTED}`);
    expect(handler.metadata('request')).toEqual({
      body: {
        username: 'alice',
        password: REDACTED,
        profile: { refreshToken: REDACTED, nested: [{ apiKey: REDACTED }] },
      },
      headers: { Authorization: REDACTED, Cookie: REDACTED, 'x-api-key': REDACTED },
      note: `client sent Bearer ${REDACTED} and ${REDACTED}`,
      list: [REDACTED, { secret: REDACTED }],
    });
    expectTrace(tree)
      .node('JWT Verification')
      .toHaveException('Error', `invalid token ${REDACTED}; header was Bearer ${REDACTED}`);
  });
});
