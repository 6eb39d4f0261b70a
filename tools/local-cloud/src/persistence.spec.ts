import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { LOCAL_CREDENTIALS } from './emulators/clients';
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from './local-cloud';
import { greetingsApp, postGreeting, recordedGreeting } from './testing/greetings';
import { traceIdOf } from './testing/helpers';

jest.setTimeout(180_000);

/** What `npm start` keeps in `.local/` across restarts, what `--reset` wipes, and S3's CORS. */
describe('local cloud persistence, reset and S3 uploads', () => {
  let dir: string;
  let cloud: LocalCloud | undefined;
  const start = async (reset = false): Promise<LocalCloud> => {
    const options: LocalCloudOptions = {
      ports: 'random',
      dataDir: join(dir, 'data'),
      reset,
      apps: [greetingsApp()],
    };
    cloud = await startLocalCloud(options);
    return cloud;
  };
  const clients = (c: LocalCloud) => ({
    dynamodb: new DynamoDBClient({
      endpoint: c.endpoints.dynamodb,
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
    }),
    s3: new S3Client({
      endpoint: c.endpoints.s3,
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
  });
  const key = { pk: { S: 'persist' }, sk: { S: 'A' } };

  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'local-cloud-persist-'))));
  afterAll(async () => {
    await cloud?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets a browser PUT to a presigned URL (CORS) and keeps items, objects and traces across a restart', async () => {
    const first = await start();
    let { dynamodb, s3 } = clients(first);
    const Bucket = first.names.bucket('media');
    await dynamodb.send(
      new PutItemCommand({
        TableName: first.names.table('users'),
        Item: { ...key, v: { S: 'kept' } },
      }),
    );
    const url = await getSignedUrl(
      s3,
      new PutObjectCommand({ Bucket, Key: 'avatars/a.png', ContentType: 'image/png' }),
      { expiresIn: 300 },
    );
    const preflight = await fetch(url, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:5173',
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-origin')).toMatch(
      /^(\*|http:\/\/localhost:5173)$/,
    );
    const upload = await fetch(url, {
      method: 'PUT',
      body: Buffer.from('png-bytes'),
      headers: { 'Content-Type': 'image/png', Origin: 'http://localhost:5173' },
    });
    expect(upload.status).toBe(200);
    const traced = await fetch(`${first.apiUrl}/greetings/persisted`);
    const traceId = traceIdOf(traced);
    await first.collector.store.waitForTrace(traceId, {
      predicate: (t) => JSON.stringify(t).includes('BuildGreeting'),
    });
    dynamodb.destroy();
    s3.destroy();
    await first.stop();

    const second = await start();
    ({ dynamodb, s3 } = clients(second));
    const { Item } = await dynamodb.send(
      new GetItemCommand({ TableName: second.names.table('users'), Key: key }),
    );
    expect(Item?.v).toEqual({ S: 'kept' });
    const object = await s3.send(new GetObjectCommand({ Bucket, Key: 'avatars/a.png' }));
    expect(await object.Body?.transformToString()).toBe('png-bytes');
    expect(second.collector.store.getTrace(traceId)).toBeDefined();

    // The event source resumes from its checkpoint: a new event still flows.
    const { eventId } = await postGreeting(second, { name: 'after-restart' });
    await recordedGreeting(second, dynamodb, 'after-restart', eventId);
    dynamodb.destroy();
    s3.destroy();
    await second.stop();
  });

  it('wipes everything with reset', async () => {
    const fresh = await start(true);
    const { dynamodb, s3 } = clients(fresh);
    const { Item } = await dynamodb.send(
      new GetItemCommand({ TableName: fresh.names.table('users'), Key: key }),
    );
    expect(Item).toBeUndefined();
    await expect(
      s3.send(new GetObjectCommand({ Bucket: fresh.names.bucket('media'), Key: 'avatars/a.png' })),
    ).rejects.toThrow();
    dynamodb.destroy();
    s3.destroy();
    await fresh.stop();
    cloud = undefined;
  });
});
