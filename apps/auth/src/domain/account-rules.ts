import * as z from 'zod/mini';

/** What an account must look like. Messages never echo the value (it may be a password). */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

export const emailSchema = z.pipe(
  z.string().check(z.trim(), z.maxLength(254, 'Email must be at most 254 characters')),
  z.email('Email is not valid').check(z.toLowerCase()),
);

export const usernameSchema = z
  .string()
  .check(
    z.regex(/^[A-Za-z0-9_]{3,30}$/, 'Username must be 3 to 30 letters, digits or underscores'),
  );

/**
 * Long enough to resist guessing (NIST SP 800-63B favours length over composition rules), with
 * at least a letter and a non-letter, and a cap so hashing cost stays bounded.
 */
export const passwordSchema = z.string().check(
  z.minLength(PASSWORD_MIN_LENGTH, `Password must be at least ${PASSWORD_MIN_LENGTH} characters`),
  z.maxLength(PASSWORD_MAX_LENGTH, `Password must be at most ${PASSWORD_MAX_LENGTH} characters`),
  z.refine(
    (p) => /\p{L}/u.test(p) && /[^\p{L}]/u.test(p),
    'Password must mix letters and other characters',
  ),
);

export const registerBodySchema = z
  .object({ email: emailSchema, username: usernameSchema, password: passwordSchema })
  .check(
    z.refine((b) => !b.password.toLowerCase().includes(b.username.toLowerCase()), {
      message: 'Password must not contain the username',
      path: ['password'],
    }),
  );
export type RegisterBody = z.infer<typeof registerBodySchema>;

export const loginBodySchema = z.object({
  email: emailSchema,
  // No policy on login: an old password that no longer meets it must still be checked.
  password: z.string().check(z.minLength(1), z.maxLength(PASSWORD_MAX_LENGTH)),
});

export const refreshBodySchema = z.object({
  refreshToken: z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/, 'Not a refresh token')),
});
