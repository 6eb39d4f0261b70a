import { httpApi, json, tooManyRequests, unauthorized, validateRequest } from '@traced-social/http';
import { annotate, tracedOperation, withTracing } from '@traced-social/observability';
import { audit, emailHash, sourceIpOf } from '../audit/auth-audit';
import { loginBodySchema } from '../domain/account-rules';
import { verifyPassword } from '../domain/passwords';
import { findCredentialsByEmail } from '../store/accounts-store';
import { issueTokens, TOKEN_ANSWER_HEADERS } from '../store/sessions';
import { checkSignIn, recordFailedSignIn, recordSuccessfulSignIn } from '../store/sign-in-throttle';

/**
 * `POST /auth/login` {email, password} → 200 {accessToken, refreshToken, ...} | 401 | 429. The
 * throttle (per account and per client address) is checked before any hashing; an unknown email
 * and a wrong password get the same answer after the same reads and one hash each.
 */
export const handler = withTracing(
  httpApi(async (event) => {
    const { body } = validateRequest(event, { body: loginBodySchema });
    const subject = { emailHash: emailHash(body.email), sourceIp: sourceIpOf(event) };
    const verdict = await checkSignIn(subject);
    if (verdict.blocked) {
      audit('SIGN_IN_THROTTLED', { ...subject, scope: verdict.scope });
      throw tooManyRequests(verdict.retryAfterSeconds, 'Too many failed sign-ins: try again later');
    }
    const credentials = await findCredentialsByEmail(body.email);
    if (credentials) annotate('userId', credentials.userId);
    const valid = await tracedOperation('VerifyPassword', () =>
      verifyPassword(body.password, credentials?.passwordHash),
    );
    if (!credentials || !valid) {
      const lockouts = await recordFailedSignIn(subject);
      audit('SIGN_IN_FAILED', { ...subject, lockouts });
      throw unauthorized('Invalid email or password');
    }
    await recordSuccessfulSignIn(subject);
    return json(200, await issueTokens(credentials, undefined), TOKEN_ANSWER_HEADERS);
  }),
  { operationType: 'LOGIN' },
);
