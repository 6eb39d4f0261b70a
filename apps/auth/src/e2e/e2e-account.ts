/** The sign-up the auth e2e specs register: `<username>@example.com` and one valid password. */
export const e2eAccount = (username: string) => ({
  email: `${username}@example.com`,
  username,
  password: 'correct horse 42',
});
