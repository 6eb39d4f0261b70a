import { defineApp } from '@traced-social/manifest';

export const manifest = defineApp({
  app: 'auth',
  service: 'auth',
  functions: [
    {
      name: 'register',
      entry: 'src/handlers/register.ts',
      operationType: 'REGISTER_USER',
      trigger: { type: 'api', method: 'POST', path: '/auth/register' },
      uses: { tables: { users: 'readwrite', credentials: 'readwrite', throttle: 'readwrite' } },
      memoryMb: 512,
    },
    {
      name: 'login',
      entry: 'src/handlers/login.ts',
      operationType: 'LOGIN',
      trigger: { type: 'api', method: 'POST', path: '/auth/login' },
      uses: {
        tables: { credentials: 'readwrite', throttle: 'readwrite' },
        signsTokens: true,
      },
      memoryMb: 512,
    },
    {
      name: 'refresh',
      entry: 'src/handlers/refresh.ts',
      operationType: 'REFRESH_TOKEN',
      trigger: { type: 'api', method: 'POST', path: '/auth/refresh' },
      uses: { tables: { credentials: 'readwrite' }, signsTokens: true },
    },
    {
      name: 'logout',
      entry: 'src/handlers/logout.ts',
      operationType: 'LOGOUT',
      trigger: { type: 'api', method: 'POST', path: '/auth/logout' },
      uses: { tables: { credentials: 'readwrite' } },
    },
    {
      name: 'logout-all',
      entry: 'src/handlers/logout-all.ts',
      operationType: 'LOGOUT_ALL',
      trigger: { type: 'api', method: 'POST', path: '/auth/logout-all', auth: true },
      uses: { tables: { credentials: 'readwrite' }, jwtSecret: true },
    },
  ],
});
