import { httpApi, json, unauthorized, validateRequest } from '@traced-social/http';
import { annotate, tracedOperation, withTracing } from '@traced-social/observability';
import { loginBodySchema } from '../domain/account-rules';
import { verifyPassword } from '../domain/passwords';
import { findCredentialsByEmail } from '../store/accounts-store';
import { issueTokens } from '../store/sessions';

/**
 * `POST /auth/login` {email, password} → 200 {accessToken, refreshToken, ...} | 401. An unknown
 * email and a wrong password get the same answer after the same argon2 work.
 */
export const handler = withTracing(
  httpApi(async (event) => {
    const { body } = validateRequest(event, { body: loginBodySchema });
    const credentials = await findCredentialsByEmail(body.email);
    if (credentials) annotate('userId', credentials.userId);
    const valid = await tracedOperation('VerifyPassword', () =>
      verifyPassword(body.password, credentials?.passwordHash),
    );
    if (!credentials || !valid) throw unauthorized('Invalid email or password');
    return json(200, await issueTokens(credentials));
  }),
  { operationType: 'LOGIN' },
);
