import { randomUUID } from 'node:crypto';
import { conflict, httpApi, json, tooManyRequests, validateRequest } from '@traced-social/http';
import { annotate, tracedOperation, withTracing } from '@traced-social/observability';
import { audit, sourceIpOf } from '../audit/auth-audit';
import { registerBodySchema } from '../domain/account-rules';
import { hashPassword } from '../domain/passwords';
import {
  claimEmail,
  claimUsername,
  createAccount,
  releaseEmail,
  releaseUsername,
} from '../store/accounts-store';
import { admitRegistration } from '../store/sign-in-throttle';

/**
 * `POST /auth/register` {email, username, password} → 201 {user} | 409 taken | 429 (too many
 * registrations from this client address, counted before the password is hashed).
 */
export const handler = withTracing(
  httpApi(async (event) => {
    const { body } = validateRequest(event, { body: registerBodySchema });
    const sourceIp = sourceIpOf(event);
    const verdict = await admitRegistration(sourceIp);
    if (verdict.blocked) {
      audit('REGISTER_THROTTLED', { sourceIp });
      throw tooManyRequests(verdict.retryAfterSeconds, 'Too many registrations: try again later');
    }
    const userId = randomUUID();
    annotate('userId', userId);
    const now = new Date();
    const passwordHash = await tracedOperation('HashPassword', () => hashPassword(body.password));

    const login = { email: body.email, userId, username: body.username, passwordHash };
    if (!(await claimEmail(login, now))) {
      throw conflict('This email is already registered', 'EMAIL_TAKEN');
    }
    if (!(await claimUsername(body.username, userId, now))) {
      await releaseEmail(body.email, userId);
      throw conflict('This username is taken', 'USERNAME_TAKEN');
    }
    try {
      await createAccount({
        userId,
        email: body.email,
        username: body.username,
        createdAt: now.toISOString(),
      });
    } catch (error) {
      await releaseUsername(body.username, userId);
      await releaseEmail(body.email, userId);
      throw error;
    }
    return json(201, { user: { userId, username: body.username, email: body.email } });
  }),
  { operationType: 'REGISTER_USER' },
);
