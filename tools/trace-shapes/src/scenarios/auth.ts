import { randomBytes } from 'node:crypto';
import type { Scenario } from '../scenario';

interface Tokens {
  accessToken: string;
  refreshToken: string;
}

/**
 * auth: an account's whole life, which no data size changes (each request reads one account):
 * register, log in, refresh, log out, sign out everywhere, the same at every size.
 */
export const authScenario: Scenario = {
  app: 'auth',
  apps: ['auth'],
  sizeUnits: { default: 'account' },
  async run({ expectApi, measure }) {
    const name = `shape${randomBytes(5).toString('hex')}`;
    const account = { email: `${name}@example.com`, password: 'Correct-Horse-9-Battery!' };
    await measure(async () => {
      await expectApi('POST', '/auth/register', 201, { body: { ...account, username: name } });
      const login = await expectApi<Tokens>('POST', '/auth/login', 200, { body: account });
      const refreshed = await expectApi<Tokens>('POST', '/auth/refresh', 200, {
        body: { refreshToken: login.refreshToken },
      });
      await expectApi('POST', '/auth/logout', 204, {
        body: { refreshToken: refreshed.refreshToken },
      });
      await expectApi('POST', '/auth/logout-all', 204, { token: refreshed.accessToken });
    });
  },
};
