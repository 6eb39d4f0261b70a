import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  documentClient,
  failedTransactionConditions,
  onceMarker,
} from '@traced-social/aws-clients';
import { userKeys } from '@traced-social/tables';
import { tableName } from '@traced-social/manifest';
import { traceDynamoDBOperation, tracedOperation } from '@traced-social/observability';
import type { FollowCountChange } from './follow-stream';

/**
 * Follower and following counts, moved from the follows table's stream exactly once per record
 * (decision 1400). Besides the profiles, the users table holds one marker per counted record:
 *
 * | pk                      | sk        | what                                          |
 * |-------------------------|-----------|-----------------------------------------------|
 * | `COUNTED#<eventID>`     | `COUNTED` | a follows-stream record already counted (TTL) |
 *
 * Markers are separate items, so a profile's size does not depend on its history.
 */
const usersTable = () => tableName('users');
const markerKey = (streamRecordId: string) => ({ pk: `COUNTED#${streamRecordId}`, sk: 'COUNTED' });
/** How long a counted record is remembered: past DynamoDB Streams' 24 h retention. */
export const COUNTED_MARKER_TTL_SECONDS = 48 * 3600;

/**
 * Applies one record's change to both profiles' counts, as "ApplyFollowCount": the marker
 * (conditional: absent) and both counters change in one transaction, so a replay changes nothing.
 * A profile that no longer exists is left out (its condition fails; the rest is retried).
 * Returns false for a replay.
 */
export async function applyFollowCountChange(
  streamRecordId: string,
  change: FollowCountChange,
): Promise<boolean> {
  return tracedOperation('ApplyFollowCount', async () => {
    const table = usersTable();
    traceDynamoDBOperation('TransactWriteItems', table, {
      followerId: change.followerId,
      followeeId: change.followeeId,
      delta: change.delta,
    });
    const counters = [
      { userId: change.followeeId, counter: 'followerCount' },
      { userId: change.followerId, counter: 'followingCount' },
    ];
    for (;;) {
      try {
        await documentClient().send(
          new TransactWriteCommand({
            TransactItems: [
              onceMarker(table, markerKey(streamRecordId), COUNTED_MARKER_TTL_SECONDS),
              ...counters.map(({ userId, counter }) => ({
                Update: {
                  TableName: table,
                  Key: userKeys.profile(userId),
                  ConditionExpression: 'attribute_exists(pk)',
                  // countOps: the per-operation markers of the old design (decision 0302), dropped.
                  UpdateExpression: 'ADD #counter :delta REMOVE countOps',
                  ExpressionAttributeNames: { '#counter': counter },
                  ExpressionAttributeValues: { ':delta': change.delta },
                },
              })),
            ],
          }),
        );
        return true;
      } catch (error) {
        const failed = failedTransactionConditions(error);
        if (failed.includes(0)) return false;
        if (!failed.length) throw error;
        const gone = new Set(failed.map((index) => counters[index - 1]));
        counters.splice(0, counters.length, ...counters.filter((c) => !gone.has(c)));
      }
    }
  });
}
