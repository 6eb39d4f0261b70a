import { join } from 'node:path';
import type { ApiTestbed } from '@traced-social/http/testing';

/** The auth app's API handlers, by route name (`/auth/<name>`). */
export const authHandlers = {
  register: join(__dirname, '..', 'handlers', 'register.ts'),
  login: join(__dirname, '..', 'handlers', 'login.ts'),
  refresh: join(__dirname, '..', 'handlers', 'refresh.ts'),
  logout: join(__dirname, '..', 'handlers', 'logout.ts'),
  'logout-all': join(__dirname, '..', 'handlers', 'logout-all.ts'),
};
export type AuthRoute = keyof typeof authHandlers;

/**
 * POSTs a body to an auth route of a testbed as API Gateway would, with a bearer token or a
 * client address (`requestContext.identity.sourceIp`) when given.
 */
export const callAuth = (
  testbed: ApiTestbed,
  route: AuthRoute,
  body: unknown,
  options: { token?: string; sourceIp?: string } = {},
) =>
  testbed.request(authHandlers[route], {
    method: 'POST',
    resource: `/auth/${route}`,
    body,
    ...(options.token ? { token: options.token } : {}),
    ...(options.sourceIp ? { sourceIp: options.sourceIp } : {}),
  });
