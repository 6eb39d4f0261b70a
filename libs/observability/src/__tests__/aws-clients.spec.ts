import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { expectTrace, invokeAsLambda, useSegmentCapture } from '../testing';
import { emulatorEnv, startDynalite, type Emulator } from './support/emulators';

const handlers = require.resolve('./fixtures/aws-handlers');
const TABLE = 'posts';

describe('captureAwsClient (dynalite)', () => {
  const capture = useSegmentCapture();
  let dynalite: Emulator;
  let dynamodb: DynamoDBClient;

  beforeAll(async () => {
    dynalite = await startDynalite();
    dynamodb = new DynamoDBClient({
      endpoint: dynalite.endpoint,
      region: emulatorEnv.AWS_REGION,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await dynamodb.send(
      new CreateTableCommand({
        TableName: TABLE,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    );
  });

  afterAll(async () => {
    dynamodb.destroy();
    await dynalite.stop();
  });

  it('records each DynamoDB call once, under the operation that made it', async () => {
    const { tree, result } = await invokeAsLambda({
      capture,
      handler: handlers,
      functionName: 'aws-fn',
      env: { ...emulatorEnv, DYNAMODB_ENDPOINT: dynalite.endpoint, TABLE_POSTS: TABLE },
      event: { postId: 'post-1', userId: 'user-1' },
    });

    expect(result).toEqual({ statusCode: 201, body: 'ResourceNotFoundException' });
    const stored = await dynamodb.send(
      new GetItemCommand({
        TableName: TABLE,
        Key: { pk: { S: 'POST#post-1' }, sk: { S: 'POST' } },
      }),
    );
    expect(stored.Item?.userId).toEqual({ S: 'user-1' });

    const trace = expectTrace(tree).toBeComplete();
    const put = trace.node('CreatePost');
    expect(put.childNames()).toEqual(['DynamoDB']);
    expect(put.metadata('dynamodb')).toEqual({
      operation: 'PutItem',
      tableName: TABLE,
      params: { pk: 'POST#post-1' },
    });
    const call = put.node.children[0].document;
    expect(call.namespace).toBe('aws');
    expect(call.aws).toMatchObject({ operation: 'PutItem', table_name: TABLE });

    // A document client captured directly is traced too.
    const profile = trace.node('GetUserProfile');
    expect(profile.childNames()).toEqual(['DynamoDB']);

    // A failed call is recorded on its own subsegment.
    const failed = trace.node('ReadMissingTable');
    expect(failed.childNames()).toEqual(['DynamoDB']);
    const failedCall = failed.node.children[0].document;
    expect(failedCall.aws).toMatchObject({ operation: 'GetItem', table_name: 'no-such-table' });
    expect(failedCall.error || failedCall.fault).toBe(true);
  });
});
