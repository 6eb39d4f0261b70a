import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import { BatchGetTracesCommand, GetTraceSummariesCommand, XRayClient } from '@aws-sdk/client-xray';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { eventually } from '@traced-social/aws-clients/testing';
import { decodeEvent, type DomainEvent } from '@traced-social/events';
import { expectTrace } from '@traced-social/observability/testing';
import {
  buildTraceTree,
  parseTraceHeader,
  TraceAssembler,
  type SegmentDocument,
  type TraceNode,
} from '@traced-social/trace-model';

/**
 * End to end through `npm start` (the local cloud, as a user runs it): two users register and log
 * in, one follows the other, who posts with an image, uploads it to the presigned URL and reads
 * the post back. Then the CREATE_POST trace is read from the local X-Ray collector with the real
 * X-Ray client and checked against the seed's tree, and every segment of the run is searched for
 * the passwords and tokens used.
 */
jest.setTimeout(300_000);

const workspaceRoot = resolve(__dirname, '../../../..');
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** The parts of the API's answers this test reads. */
interface ApiBody {
  user: { userId: string };
  accessToken: string;
  refreshToken: string;
  post: { postId: string; authorId: string; imageKey: string };
  upload: { url: string; headers: Record<string, string> };
  profile: { followerCount: number };
}

interface LocalCloudProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function npmStart(dataDir: string): LocalCloudProcess {
  const child = spawn(
    'npm',
    ['start', '--', '--ports', 'random', '--data-dir', dataDir, '--quiet'],
    {
      cwd: workspaceRoot,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output: () => text, exited };
}

describe('end to end through the local cloud', () => {
  let dataDir: string;
  let cloud: LocalCloudProcess | undefined;
  let api: string;
  let xray: XRayClient;
  let kinesis: KinesisClient;
  const startedAt = new Date();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'traced-social-e2e-'));
    cloud = npmStart(dataDir);
    const running = cloud;
    // The banner, unless npm start exits first (then fail at once, with its output).
    await Promise.race([
      eventually(
        'the local cloud banner',
        async () => (running.output().includes('Ctrl-C stops everything') ? true : undefined),
        240_000,
      ),
      running.exited.then((code) => {
        throw new Error(`npm start exited (${code}):\n${running.output()}`);
      }),
    ]);
    const url = (label: string) => {
      const found = new RegExp(`${label}\\s+(http://\\S+)`).exec(running.output())?.[1];
      if (!found) throw new Error(`No ${label} URL in the banner:\n${running.output()}`);
      return found;
    };
    api = url('API');
    xray = new XRayClient({ endpoint: url('Trace viewer'), region: 'us-east-1', credentials });
    kinesis = new KinesisClient({
      endpoint: url('Kinesis'),
      region: 'us-east-1',
      credentials,
      requestHandler: new NodeHttpHandler(),
    });
  });

  afterAll(async () => {
    xray?.destroy();
    kinesis?.destroy();
    if (cloud?.child.pid && cloud.child.exitCode === null) {
      process.kill(-cloud.child.pid, 'SIGINT');
      const stopped = await Promise.race([
        cloud.exited,
        new Promise((r) => setTimeout(r, 20_000, 'slow')),
      ]);
      if (stopped === 'slow') process.kill(-cloud.child.pid, 'SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const response = await fetch(`${api}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      traceId: parseTraceHeader(response.headers.get('x-amzn-trace-id'))?.root,
      body: (text ? JSON.parse(text) : {}) as ApiBody,
    };
  };

  const traceTree = async (traceId: string): Promise<TraceNode[]> => {
    const { Traces = [] } = await xray.send(new BatchGetTracesCommand({ TraceIds: [traceId] }));
    const assembler = new TraceAssembler();
    for (const segment of Traces[0]?.Segments ?? []) {
      assembler.add(JSON.parse(segment.Document ?? '{}') as SegmentDocument);
    }
    const assembled = assembler.assemble(traceId);
    return assembled ? buildTraceTree(assembled) : [];
  };

  const streamEvents = async (): Promise<DomainEvent[]> => {
    const events: DomainEvent[] = [];
    const { Shards = [] } = await kinesis.send(
      new ListShardsCommand({ StreamName: 'local-events' }),
    );
    for (const shard of Shards) {
      const { ShardIterator } = await kinesis.send(
        new GetShardIteratorCommand({
          StreamName: 'local-events',
          ShardId: shard.ShardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      const page = await kinesis.send(new GetRecordsCommand({ ShardIterator, Limit: 1000 }));
      for (const record of page.Records ?? [])
        if (record.Data) events.push(decodeEvent(record.Data));
    }
    return events;
  };

  it('register, log in, follow, post with an image, upload, read back; the trace follows the seed', async () => {
    const suffix = Date.now().toString(36);
    const people = {
      ada: {
        email: `ada-${suffix}@example.com`,
        username: `ada_${suffix}`,
        password: `Analytical ${suffix} 1843`,
      },
      grace: {
        email: `grace-${suffix}@example.com`,
        username: `grace_${suffix}`,
        password: `Compiler ${suffix} 1952`,
      },
    };
    const secrets: string[] = [people.ada.password, people.grace.password];

    const ids: Record<string, string> = {};
    const tokens: Record<string, string> = {};
    for (const [name, person] of Object.entries(people)) {
      const registered = await call('POST', '/auth/register', person);
      expect(registered.status).toBe(201);
      ids[name] = registered.body.user.userId;
      const login = await call('POST', '/auth/login', {
        email: person.email,
        password: person.password,
      });
      expect(login.status).toBe(200);
      tokens[name] = login.body.accessToken;
      secrets.push(login.body.accessToken, login.body.refreshToken);
    }

    const followed = await call('POST', `/profiles/${ids.grace}/follow`, undefined, tokens.ada);
    expect(followed.status).toBe(200);

    const image = Buffer.from('\x89PNG\r\n\x1a\n-end-to-end-image-bytes', 'binary');
    const created = await call(
      'POST',
      '/posts',
      {
        text: 'Hello from the end-to-end test',
        imageContentType: 'image/png',
        imageSize: image.length,
      },
      tokens.grace,
    );
    expect(created.status).toBe(201);
    const { post, upload } = created.body;
    expect(post).toMatchObject({ authorId: ids.grace, imageKey: expect.stringMatching(/\.png$/) });

    const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: image });
    expect(put.status).toBe(200);

    const readBack = await call('GET', `/posts/${post.postId}`, undefined, tokens.ada);
    expect(readBack.status).toBe(200);
    expect(readBack.body.post).toEqual(post);
    const profile = await call('GET', `/profiles/${ids.grace}`, undefined, tokens.ada);
    expect(profile.body.profile).toMatchObject({ followerCount: 1 });

    // The CREATE_POST trace, from the collector, through the real X-Ray client.
    const traceId = created.traceId!;
    const tree = await eventually('the CREATE_POST trace', async () => {
      const candidate = await traceTree(traceId);
      const paths = expectTrace(candidate).paths();
      return paths.some((p) => p.endsWith('MarkEventPublished')) ? candidate : undefined;
    });
    const trace = expectTrace(tree);
    trace.toHavePath('traced-social-local-posts/local', 'Lambda', 'posts-create-post');
    const handlerNode = trace.node('## index.handler');
    expect(handlerNode.childNames()).toEqual(
      expect.arrayContaining([
        'JWT Verification',
        'Request Validation',
        'GetUserProfile',
        'CreatePost',
        'GeneratePresignedUrl',
        'PublishEvent',
      ]),
    );
    handlerNode
      .toHaveAnnotation('operationType', 'CREATE_POST')
      .toHaveAnnotation('userId', ids.grace)
      .toHaveAnnotation('postId', post.postId);
    trace.toHavePath('GetUserProfile', 'DynamoDB').toHavePath('CreatePost', 'DynamoDB');
    trace.node('PublishEvent').toHaveAnnotation('eventType', 'POST_CREATED');

    // The events on the stream, each carrying its request's trace context.
    const published = await streamEvents();
    const follow = published.find(
      (e) =>
        e.type === 'USER_FOLLOWED' &&
        e.payload.followerId === ids.ada &&
        e.payload.followeeId === ids.grace,
    );
    expect(parseTraceHeader(follow?.traceContext)?.root).toBe(followed.traceId);
    const event = published.find(
      (e) => e.type === 'POST_CREATED' && e.payload.postId === post.postId,
    );
    expect(event?.payload).toMatchObject({ authorId: ids.grace, imageKey: post.imageKey });
    expect(parseTraceHeader(event?.traceContext)?.root).toBe(traceId);

    // No password or token anywhere in any segment of the run.
    const { TraceSummaries = [] } = await xray.send(
      new GetTraceSummariesCommand({ StartTime: startedAt, EndTime: new Date() }),
    );
    const traceIds = TraceSummaries.map((s) => s.Id!).filter(Boolean);
    expect(traceIds.length).toBeGreaterThanOrEqual(7);
    let everything = '';
    for (let i = 0; i < traceIds.length; i += 5) {
      const { Traces = [] } = await xray.send(
        new BatchGetTracesCommand({ TraceIds: traceIds.slice(i, i + 5) }),
      );
      for (const t of Traces) for (const s of t.Segments ?? []) everything += s.Document ?? '';
    }
    expect(everything).toContain('CREATE_POST');
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });
});
