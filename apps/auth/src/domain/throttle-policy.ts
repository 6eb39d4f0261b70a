/**
 * How failed sign-ins and registrations are throttled (decision 1302). Counted per account (the
 * email, hashed) and per client address; checked before any password is hashed.
 */
export interface LockoutPolicy {
  /** Failures within `windowSeconds` that lock the key. */
  failures: number;
  windowSeconds: number;
  /** The first lockout; each further one within `memorySeconds` doubles, up to `maxSeconds`. */
  baseLockoutSeconds: number;
  maxLockoutSeconds: number;
  memorySeconds: number;
}

/** One account: a person mistyping gets 5 tries; a guesser gets 5 per 30 s, then slower. */
export const ACCOUNT_LOCKOUT: LockoutPolicy = {
  failures: 5,
  windowSeconds: 15 * 60,
  baseLockoutSeconds: 30,
  maxLockoutSeconds: 15 * 60,
  memorySeconds: 24 * 60 * 60,
};

/**
 * One client address, across accounts (password spraying): higher, since an office or a mobile
 * carrier's NAT puts many people behind one address.
 */
export const CLIENT_LOCKOUT: LockoutPolicy = {
  failures: 20,
  windowSeconds: 15 * 60,
  baseLockoutSeconds: 60,
  maxLockoutSeconds: 60 * 60,
  memorySeconds: 24 * 60 * 60,
};

/** Registrations per client address: each costs a hash and creates data. */
export const REGISTRATIONS_PER_CLIENT = { attempts: 10, windowSeconds: 60 * 60 };

/** The length of the n-th lockout (1-based): base × 2^(n-1), capped. */
export function lockoutSeconds(policy: LockoutPolicy, lockoutNumber: number): number {
  const doubled = policy.baseLockoutSeconds * 2 ** Math.max(0, lockoutNumber - 1);
  return Math.min(doubled, policy.maxLockoutSeconds);
}

/**
 * The policies with the first lockout set by `SIGN_IN_LOCKOUT_BASE_SECONDS` when given (a stage
 * may tune it; tests shorten it to see lockouts end), the others as above.
 */
export function lockoutPolicies(env: NodeJS.ProcessEnv = process.env): {
  account: LockoutPolicy;
  client: LockoutPolicy;
} {
  const base = Number(env.SIGN_IN_LOCKOUT_BASE_SECONDS);
  if (!(Number.isFinite(base) && base > 0))
    return { account: ACCOUNT_LOCKOUT, client: CLIENT_LOCKOUT };
  return {
    account: { ...ACCOUNT_LOCKOUT, baseLockoutSeconds: base },
    client: { ...CLIENT_LOCKOUT, baseLockoutSeconds: base },
  };
}
