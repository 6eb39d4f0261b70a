import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  UpdateItemCommand,
  type DeleteItemCommandInput,
  type GetItemCommandInput,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { RateLimiterRes } from 'rate-limiter-flexible';
// The one limiter used, not the package index (which loads every store: ~70 KB more per bundle).
import RateLimiterDynamo from 'rate-limiter-flexible/lib/RateLimiterDynamo';
import { createDynamoDbClient } from '@traced-social/aws-clients';
import { tableName } from '@traced-social/manifest';
import { traceDynamoDBOperation, tracedOperation } from '@traced-social/observability';
import {
  lockoutPolicies,
  lockoutSeconds,
  REGISTRATIONS_PER_CLIENT,
  type LockoutPolicy,
} from '../domain/throttle-policy';

/** Who a sign-in attempt counts against: the account (its email, hashed) and the client address. */
export interface SignInSubject {
  emailHash: string;
  sourceIp: string;
}

export type ThrottleVerdict =
  { blocked: false } | { blocked: true; scope: 'account' | 'client'; retryAfterSeconds: number };

/**
 * rate-limiter-flexible's DynamoDB store over the traced client (its calls show in the trace).
 * The store speaks the v2-style method API; these four methods are all it calls once told that
 * the table (defined in the manifest, with TTL on `expire`) exists.
 */
function storeClient() {
  const client = createDynamoDbClient();
  return {
    getItem: (input: GetItemCommandInput) => client.send(new GetItemCommand(input)),
    updateItem: (input: UpdateItemCommandInput) => client.send(new UpdateItemCommand(input)),
    deleteItem: async (input: DeleteItemCommandInput) => {
      try {
        return await client.send(new DeleteItemCommand(input));
      } catch (error) {
        // Nothing to delete: the store expects a non-200 answer, not an exception.
        if (error instanceof ConditionalCheckFailedException) return { $metadata: {} };
        throw error;
      }
    },
  };
}

interface Limiters {
  accountFailures: RateLimiterDynamo;
  accountLockouts: RateLimiterDynamo;
  clientFailures: RateLimiterDynamo;
  clientLockouts: RateLimiterDynamo;
  registrations: RateLimiterDynamo;
  policies: { account: LockoutPolicy; client: LockoutPolicy };
}

let limiters: Limiters | undefined;

/** One set of limiters per container (created on first use, after Lambda's environment is set). */
function throttle(): Limiters {
  if (limiters) return limiters;
  const store = storeClient();
  const table = tableName('throttle');
  const limiter = (keyPrefix: string, points: number, duration: number) =>
    new RateLimiterDynamo({
      storeClient: store,
      tableName: table,
      tableCreated: true,
      ttlSet: true,
      keyPrefix,
      points,
      duration,
    });
  const policies = lockoutPolicies();
  limiters = {
    accountFailures: limiter(
      'fail:acct',
      policies.account.failures,
      policies.account.windowSeconds,
    ),
    accountLockouts: limiter('lock:acct', Number.MAX_SAFE_INTEGER, policies.account.memorySeconds),
    clientFailures: limiter('fail:ip', policies.client.failures, policies.client.windowSeconds),
    clientLockouts: limiter('lock:ip', Number.MAX_SAFE_INTEGER, policies.client.memorySeconds),
    registrations: limiter(
      'register:ip',
      REGISTRATIONS_PER_CLIENT.attempts,
      REGISTRATIONS_PER_CLIENT.windowSeconds,
    ),
    policies,
  };
  return limiters;
}

/** Locked when the failures reached past the limit (`block` sets points + 1). */
const lockedFor = (res: RateLimiterRes | null, limit: number): number | undefined =>
  res && res.consumedPoints > limit ? res.msBeforeNext / 1000 : undefined;

/**
 * Whether this sign-in may go ahead, as "CheckSignInThrottle": two reads, no write. Checked
 * before the password is hashed, so a locked account costs no hashing.
 */
export async function checkSignIn(subject: SignInSubject): Promise<ThrottleVerdict> {
  return tracedOperation('CheckSignInThrottle', async () => {
    const t = throttle();
    traceDynamoDBOperation('GetItem', tableName('throttle'));
    const [account, client] = await Promise.all([
      t.accountFailures.get(subject.emailHash),
      t.clientFailures.get(subject.sourceIp),
    ]);
    const accountWait = lockedFor(account, t.policies.account.failures);
    const clientWait = lockedFor(client, t.policies.client.failures);
    if (accountWait === undefined && clientWait === undefined) return { blocked: false };
    return (accountWait ?? 0) >= (clientWait ?? 0)
      ? { blocked: true, scope: 'account', retryAfterSeconds: accountWait ?? 0 }
      : { blocked: true, scope: 'client', retryAfterSeconds: clientWait ?? 0 };
  });
}

/**
 * Counts a failed sign-in against the account and the client, as "RecordSignInFailure". The
 * failure that reaches a limit locks that key for the next lockout length (doubling each time
 * within the policy's memory). Returns the lockouts it started, for the audit line.
 */
export async function recordFailedSignIn(
  subject: SignInSubject,
): Promise<Array<{ scope: 'account' | 'client'; seconds: number }>> {
  return tracedOperation('RecordSignInFailure', async () => {
    const t = throttle();
    traceDynamoDBOperation('UpdateItem', tableName('throttle'));
    const count = async (
      scope: 'account' | 'client',
      key: string,
      failures: RateLimiterDynamo,
      lockouts: RateLimiterDynamo,
      policy: LockoutPolicy,
    ) => {
      const res = await failures.penalty(key, 1);
      if (res.consumedPoints < policy.failures) return undefined;
      const { consumedPoints: lockoutNumber } = await lockouts.penalty(key, 1);
      const seconds = lockoutSeconds(policy, lockoutNumber);
      await failures.block(key, seconds);
      return { scope, seconds };
    };
    const started = await Promise.all([
      count('account', subject.emailHash, t.accountFailures, t.accountLockouts, t.policies.account),
      count('client', subject.sourceIp, t.clientFailures, t.clientLockouts, t.policies.client),
    ]);
    return started.filter((lockout) => lockout !== undefined);
  });
}

/**
 * A successful sign-in clears the account's failures and lockout history, as
 * "ResetSignInThrottle" (the client's stay: one good password must not excuse a spray).
 */
export async function recordSuccessfulSignIn(subject: SignInSubject): Promise<void> {
  await tracedOperation('ResetSignInThrottle', async () => {
    const t = throttle();
    traceDynamoDBOperation('DeleteItem', tableName('throttle'));
    await Promise.all([
      t.accountFailures.delete(subject.emailHash),
      t.accountLockouts.delete(subject.emailHash),
    ]);
  });
}

/** Counts a registration attempt from a client, as "CheckRegisterThrottle". */
export async function admitRegistration(sourceIp: string): Promise<ThrottleVerdict> {
  return tracedOperation('CheckRegisterThrottle', async () => {
    const t = throttle();
    traceDynamoDBOperation('UpdateItem', tableName('throttle'));
    const res = await t.registrations.penalty(sourceIp, 1);
    return res.consumedPoints > REGISTRATIONS_PER_CLIENT.attempts
      ? { blocked: true, scope: 'client', retryAfterSeconds: res.msBeforeNext / 1000 }
      : { blocked: false };
  });
}
