/**
 * Item layout of the `credentials` table: the auth app's alone, no other function may read it
 * (decision 1303). Sessions and refresh tokens carry `ttl` (epoch seconds): DynamoDB deletes
 * them some time after it passes, and the code treats an item past its `ttl` as absent already
 * (DynamoDB deletes late; the local emulator never does).
 *
 * | pk                 | sk                   | what                                             |
 * |--------------------|----------------------|--------------------------------------------------|
 * | `LOGIN#<email>`    | `LOGIN`              | the email's claim and sign-in record (hash)      |
 * | `REFRESH#<sha256>` | `TOKEN`              | a refresh token, by hash only                    |
 * | `USER#<userId>`    | `SESSION#<familyId>` | a session: one sign-in and its rotated tokens    |
 */
export const credentialKeys = {
  login: (email: string) => ({ pk: `LOGIN#${email.toLowerCase()}`, sk: 'LOGIN' }),
  refreshToken: (tokenHash: string) => ({ pk: `REFRESH#${tokenHash}`, sk: 'TOKEN' }),
  session: (userId: string, familyId: string) => ({
    pk: `USER#${userId}`,
    sk: `SESSION#${familyId}`,
  }),
  /** Every session of a user: `pk = :pk AND begins_with(sk, :prefix)`. */
  sessionsOf: (userId: string) => ({ pk: `USER#${userId}`, skPrefix: 'SESSION#' }),
};

/** The `ttl` attribute for an ISO expiry. */
export const ttlAt = (iso: string): number => Math.ceil(Date.parse(iso) / 1000);

/** An item as the code sees it: absent once its `ttl` has passed, deleted or not. */
export function unlessExpired<T extends Record<string, unknown>>(
  item: T | undefined,
  now: Date,
): T | undefined {
  if (!item) return undefined;
  return typeof item.ttl === 'number' && item.ttl * 1000 <= now.getTime() ? undefined : item;
}
