import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { list as redisCommandNames } from '@ioredis/commands';
import { build } from 'esbuild';
import { handlerEsbuildOptions, streamingOperationsOf } from './build';

const WORKSPACE_ROOT = join(__dirname, '../../..');
const DECISION = /BundleStandInReached: .* \(docs\/decisions\/1922-/;

/** `script` (ESM, so esbuild shakes what it does not import) bundled as a handler is, then run. */
async function runBundled(script: string): Promise<Record<string, unknown>> {
  const outDir = mkdtempSync(join(tmpdir(), 'bundle-plugins-'));
  try {
    const outfile = join(outDir, 'index.js');
    await build({
      ...handlerEsbuildOptions('xray'),
      stdin: { contents: script, resolveDir: __dirname, loader: 'ts' },
      outfile,
      absWorkingDir: WORKSPACE_ROOT,
      logLevel: 'silent',
    });
    return JSON.parse(execFileSync(process.execPath, [outfile], { encoding: 'utf8' })) as Record<
      string,
      unknown
    >;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** Runs each attempt, recording `ok` or the error it threw. */
const ATTEMPT = `
const outcome = {};
function attempt(name, run) {
  try { const value = run(); outcome[name] = value === undefined ? 'ok' : value; }
  catch (error) { outcome[name] = error.name + ': ' + error.message; }
}
`;

describe('the stand-ins of handler bundles', () => {
  it('keeps ioredis working without Cluster, Sentinel or TLS profiles, which throw when used', async () => {
    const outcome = await runBundled(`
      import Redis from 'ioredis';
      ${ATTEMPT}
      attempt('plain client with TLS', () => {
        new Redis({ port: 1, lazyConnect: true, tls: {} }).disconnect();
      });
      attempt('Redis.Cluster is a class', () => typeof Redis.Cluster);
      attempt('cluster', () => new Redis.Cluster([{ port: 1 }], { lazyConnect: true }));
      attempt('sentinel', () => new Redis({ sentinels: [{ port: 1 }], name: 'main', lazyConnect: true }));
      attempt('tls profile', () => new Redis({ port: 1, lazyConnect: true, tls: { profile: 'RedisCloudFixed' } }));
      console.log(JSON.stringify(outcome));
    `);
    expect(outcome['plain client with TLS']).toBe('ok');
    expect(outcome['Redis.Cluster is a class']).toBe('function');
    expect(outcome.cluster).toMatch(DECISION);
    expect(outcome.cluster).toMatch(/ioredis Cluster/);
    expect(outcome.sentinel).toMatch(/ioredis SentinelConnector/);
    expect(outcome['tls profile']).toMatch(/ioredis TLS profile "RedisCloudFixed"/);
  });

  it("keeps every Redis command's name, and the metadata of the kept ones only, which throw when read", async () => {
    const prefix = `bundle-plugins-${process.pid}-${Date.now()}:`;
    const outcome = await runBundled(`
      import Redis from 'ioredis';
      import { list } from '@ioredis/commands';
      ${ATTEMPT}
      const lua = "if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2]) end return 0";
      async function main() {
        outcome.names = list;
        attempt('every command a method', () => list.filter((name) => name !== 'monitor' && typeof Redis.prototype[name] !== 'function'));
        // With a key prefix ioredis reads every command's key positions: all the kept ones run.
        const prefixed = new Redis({ host: '127.0.0.1', port: 6379, keyPrefix: ${JSON.stringify(prefix)}, maxRetriesPerRequest: 0 });
        prefixed.defineCommand('addIfBuilt', { numberOfKeys: 1, lua });
        await prefixed.multi().del('feed').zadd('feed', 0, '.', 1, 'a').expire('feed', 60).exec();
        const added = await prefixed.pipeline().addIfBuilt('feed', 2, 'b').addIfBuilt('none', 2, 'b').exec();
        outcome.added = added.map(([error, value]) => error ? error.message : value);
        outcome.members = await prefixed.zrevrange('feed', 0, -1);
        outcome.info = (await prefixed.info('server')).includes('redis_version');
        await prefixed.del('feed');
        attempt('unlisted with a key prefix', () => { prefixed.hset('hash', 'field', 'value'); });
        attempt('cluster slot', () => new Redis.Command('del', ['key']).getSlot());
        await prefixed.quit();
        // Without one, a command sent on a ready connection reads no metadata: it runs as before.
        const plain = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 0 });
        await plain.ping();
        const hashKey = ${JSON.stringify(prefix)} + 'hash';
        outcome['unlisted on a ready connection'] = await plain.hset(hashKey, 'field', 'value');
        await plain.del(hashKey);
        await plain.quit();
        console.log(JSON.stringify(outcome));
      }
      main().catch((error) => { console.log(JSON.stringify({ failed: error.stack })); });
    `);
    expect(outcome.failed).toBeUndefined();
    expect(outcome.names).toEqual(redisCommandNames);
    expect(outcome['every command a method']).toEqual([]);
    expect(outcome.added).toEqual([1, 0]);
    expect(outcome.members).toEqual(['b', 'a', '.']);
    expect(outcome.info).toBe(true);
    expect(outcome['unlisted with a key prefix']).toMatch(/ioredis command table entry "hset"/);
    expect(outcome['unlisted with a key prefix']).toMatch(
      /BundleStandInReached: .* \(docs\/decisions\/1922-/,
    );
    expect(outcome['unlisted on a ready connection']).toBe(1);
    expect(outcome['cluster slot']).toMatch(/cluster-key-slot \(ioredis Cluster slot routing\)/);
  });

  it('builds a Kinesis client given an HTTP/1.1 handler, and fails loudly without one', async () => {
    const outcome = await runBundled(`
      import { KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
      import { NodeHttpHandler } from '@smithy/node-http-handler';
      ${ATTEMPT}
      const client = new KinesisClient({ region: 'us-east-1', requestHandler: new NodeHttpHandler() });
      attempt('keeps its handler', () => client.config.requestHandler instanceof NodeHttpHandler);
      attempt('command', () => new PutRecordCommand({ StreamName: 's', Data: new Uint8Array(), PartitionKey: 'k' }).input.StreamName);
      attempt('event-stream marshaller', () => client.config.eventStreamMarshaller.deserialize());
      attempt('no handler', () => { new KinesisClient({ region: 'us-east-1' }); });
      console.log(JSON.stringify(outcome));
    `);
    expect(outcome['keeps its handler']).toBe(true);
    expect(outcome.command).toBe('s');
    expect(outcome['event-stream marshaller']).toMatch(DECISION);
    expect(outcome['no handler']).toMatch(/NodeHttp2Handler/);
    expect(outcome['no handler']).toMatch(DECISION);
  });

  it('sends DynamoDB requests with an always-empty endpoint cache, which throws if asked to store one', async () => {
    const outcome = await runBundled(`
      import { createServer } from 'node:http';
      import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
      import { NodeHttpHandler } from '@smithy/node-http-handler';
      ${ATTEMPT}
      outcome.hostnames = [];
      outcome.rejections = [];
      process.on('unhandledRejection', (error) => outcome.rejections.push(error.name + ': ' + error.message));
      const server = createServer((request, response) => {
        request.resume();
        request.on('end', () => {
          response.setHeader('content-type', 'application/x-amz-json-1.0');
          response.end('{"TableNames":["feed"]}');
        });
      });
      /** A client on AWS's regional endpoint (so no custom endpoint turns discovery off), whose
       *  signed request is then sent to the local server. */
      function client(port) {
        const dynamo = new DynamoDBClient({
          region: 'us-east-1',
          credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
          requestHandler: new NodeHttpHandler(),
          maxAttempts: 1,
        });
        dynamo.middlewareStack.add((next) => (args) => {
          outcome.hostnames.push(args.request.hostname);
          Object.assign(args.request, { hostname: '127.0.0.1', port, protocol: 'http:' });
          return next(args);
        }, { step: 'finalizeRequest' });
        return dynamo;
      }
      async function main() {
        await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
        const { port } = server.address();
        outcome.tables = (await client(port).send(new ListTablesCommand({}))).TableNames;
        // Inert in today's client (no command adds the discovery middleware): nothing reaches the cache.
        process.env.AWS_ENDPOINT_DISCOVERY_ENABLED = 'true';
        const discovering = client(port);
        outcome.tablesWithDiscoveryOn = (await discovering.send(new ListTablesCommand({}))).TableNames;
        await new Promise((resolve) => setImmediate(resolve));
        server.close();
        const cache = discovering.config.endpointCache;
        attempt('getEndpoint', () => cache.getEndpoint('key') ?? 'none');
        attempt('has', () => cache.has('key'));
        attempt('delete', () => cache.delete('key'));
        attempt('get', () => cache.get('key'));
        attempt('set', () => cache.set('key', [{ Address: 'elsewhere', CachePeriodInMinutes: 1 }]));
        console.log(JSON.stringify(outcome));
      }
      main();
    `);
    expect(outcome.tables).toEqual(['feed']);
    expect(outcome.tablesWithDiscoveryOn).toEqual(['feed']);
    expect(outcome.hostnames).toEqual([
      'dynamodb.us-east-1.amazonaws.com',
      'dynamodb.us-east-1.amazonaws.com',
    ]);
    expect(outcome.rejections).toEqual([]);
    expect(outcome.getEndpoint).toBe('none');
    expect(outcome.has).toBe(false);
    expect(outcome.delete).toBe('ok');
    expect(outcome.get).toMatch(DECISION);
    expect(outcome.set).toMatch(/@aws-sdk\/endpoint-cache \(endpoint discovery turned on/);
  });

  it('leaves out the X-Ray SDK parts Lambda never runs, which throw when used', async () => {
    const outcome = await runBundled(`
      import AWSXRay from 'aws-xray-sdk-core';
      ${ATTEMPT}
      attempt('select the local sampler', () => AWSXRay.middleware.disableCentralizedSampling());
      attempt('sampling rules', () => AWSXRay.middleware.setSamplingRules({ version: 2, rules: [], default: { fixed_target: 1, rate: 0.1 } }));
      attempt('plugins', () => AWSXRay.config([AWSXRay.plugins.ECSPlugin]));
      attempt('v2 patcher', () => AWSXRay.captureAWS({}));
      attempt('v3 patcher', () => typeof AWSXRay.captureAWSv3Client);
      console.log(JSON.stringify(outcome));
    `);
    expect(outcome['select the local sampler']).toBe('ok');
    expect(outcome['sampling rules']).toMatch(/X-Ray SDK sampler/);
    expect(outcome.plugins).toMatch(/X-Ray SDK plugins/);
    expect(outcome['v2 patcher']).toMatch(/captureAWS \(AWS SDK v2\)/);
    expect(outcome['sampling rules']).toMatch(DECISION);
    expect(outcome['v3 patcher']).toBe('function');
  });

  it("keeps each AWS SDK package manifest's name and version, nothing else", async () => {
    const manifestFile = join(WORKSPACE_ROOT, 'node_modules/@aws-sdk/client-kinesis/package.json');
    const outcome = await runBundled(`
      import manifest from ${JSON.stringify(manifestFile)};
      console.log(JSON.stringify(manifest));
    `);
    const { name, version } = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<
      string,
      unknown
    >;
    expect(outcome).toEqual({ name, version });
  });
  it("keeps X-Ray's recorded call fields for every installed AWS client", async () => {
    const whitelistFile = join(
      WORKSPACE_ROOT,
      'node_modules/aws-xray-sdk-core/dist/lib/resources/aws_whitelist.json',
    );
    const outcome = await runBundled(`
      import whitelist from ${JSON.stringify(whitelistFile)};
      console.log(JSON.stringify(whitelist.services));
    `);
    const { services } = JSON.parse(readFileSync(whitelistFile, 'utf8')) as {
      services: Record<string, unknown>;
    };
    const installed = readdirSync(join(WORKSPACE_ROOT, 'node_modules/@aws-sdk'))
      .filter((name) => name.startsWith('client-'))
      .map((name) => name.slice('client-'.length).replace(/-/g, ''));
    const kept = Object.fromEntries(
      Object.entries(services).filter(([service]) => installed.includes(service)),
    );
    // Today DynamoDB and S3; SQS, SNS, Lambda and SageMaker have no client here.
    expect(Object.keys(kept)).toEqual(expect.arrayContaining(['dynamodb', 's3']));
    expect(outcome).toEqual(kept);
  });
});

describe('the event-stream check of handler builds', () => {
  it('fails a build that bundles an event-stream operation, naming it', async () => {
    await expect(
      runBundled(`
        import { SubscribeToShardCommand } from '@aws-sdk/client-kinesis';
        console.log(JSON.stringify({ command: typeof SubscribeToShardCommand }));
      `),
    ).rejects.toThrow(/event-stream operations.*1922.*SubscribeToShardCommand/s);
  });

  it("finds the installed clients' event-stream operations in their schemas", () => {
    const operations = (client: string) => [
      ...streamingOperationsOf(join(WORKSPACE_ROOT, 'node_modules/@aws-sdk', client)),
    ];
    expect(operations('client-kinesis')).toEqual(['SubscribeToShard']);
    expect(operations('client-s3')).toEqual(['SelectObjectContent']);
    expect(operations('client-dynamodb')).toEqual([]);
  });
});
