import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { decodeEvent } from '@traced-social/events';
import { defineApp } from '@traced-social/manifest';
import {
  expectTrace,
  invokeAsLambda,
  useSegmentCapture,
} from '@traced-social/observability/testing';
import { parseTraceHeader } from '@traced-social/trace-model';
import {
  baseClientConfig,
  configuredEndpoint,
  LOCAL_CREDENTIALS,
  SDK_TIMEOUTS,
  type BaseClientConfig,
  type PresignedUpload,
} from './index';
import { handlerBuildProblems, startLocalAws, type LocalAws } from './testing';

describe('client configuration', () => {
  /** The timeouts a client's handler really applies (resolved on its first request). */
  const appliedTimeouts = async (config: BaseClientConfig) => {
    const server = createServer((_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { response } = await config.requestHandler.handle({
        protocol: 'http:',
        hostname: '127.0.0.1',
        port,
        method: 'GET',
        path: '/',
        headers: {},
        query: {},
      } as unknown as Parameters<NodeHttpHandler['handle']>[0]);
      (response.body as NodeJS.ReadableStream).resume();
      const { connectionTimeout, requestTimeout } = config.requestHandler.httpHandlerConfigs();
      return { connectionTimeout, requestTimeout };
    } finally {
      config.requestHandler.destroy();
      server.close();
    }
  };

  it('leaves endpoint, region and credentials to the SDK in AWS; bounds every call and states the retry mode', async () => {
    const config = baseClientConfig('DYNAMODB', {});
    expect(config).toEqual({
      retryMode: 'standard',
      maxAttempts: 3,
      requestHandler: expect.any(NodeHttpHandler),
    });
    expect(await appliedTimeouts(config)).toEqual(SDK_TIMEOUTS.aws);
  });

  it('uses the service endpoint variable, else AWS_ENDPOINT_URL, with local defaults', async () => {
    const env = {
      AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:2',
    };
    expect(configuredEndpoint('S3', env)).toBe('http://127.0.0.1:2');
    expect(configuredEndpoint('KINESIS', env)).toBe('http://127.0.0.1:1');
    const config = baseClientConfig('S3', env);
    expect(config).toEqual({
      endpoint: 'http://127.0.0.1:2',
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
      retryMode: 'standard',
      maxAttempts: 2,
      requestHandler: expect.any(NodeHttpHandler),
    });
    expect(await appliedTimeouts(config)).toEqual(SDK_TIMEOUTS.local);
  });

  it('keeps the standard retry mode when AWS_RETRY_MODE asks for adaptive (bundles hold no adaptive limiter)', async () => {
    const previous = process.env.AWS_RETRY_MODE;
    process.env.AWS_RETRY_MODE = 'adaptive';
    try {
      const env = { AWS_ENDPOINT_URL_XRAY: 'http://127.0.0.1:4' };
      const ours = new DynamoDBClient(baseClientConfig('XRAY', env));
      const bare = new DynamoDBClient({ region: 'us-east-1' });
      // Both strategies of the SDK name their mode (`RetryStrategyV2`'s type does not say so).
      const modeOf = async (client: DynamoDBClient) =>
        ((await client.config.retryStrategy()) as { mode?: string }).mode;
      expect(await modeOf(ours)).toBe('standard');
      expect(await modeOf(bare)).toBe('adaptive');
      ours.destroy();
      bare.destroy();
    } finally {
      if (previous === undefined) delete process.env.AWS_RETRY_MODE;
      else process.env.AWS_RETRY_MODE = previous;
    }
  });

  it('keeps configured credentials and region', () => {
    const config = baseClientConfig('DYNAMODB', {
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:3',
      AWS_ACCESS_KEY_ID: 'AKIA',
      AWS_REGION: 'eu-west-1',
    });
    expect(config).toMatchObject({ region: 'eu-west-1', credentials: undefined });
  });
});

describe('traced helpers against the emulators', () => {
  let aws: LocalAws;
  const capture = useSegmentCapture();
  beforeAll(async () => {
    aws = await startLocalAws();
  });
  afterAll(() => aws.stop());

  it('presigns an upload and publishes an event with the trace context', async () => {
    const { result, tree, traceId } = await invokeAsLambda<
      { userId: string; bucket: string },
      { upload: PresignedUpload; published: { eventId: string } }
    >({
      capture,
      handler: join(__dirname, '__fixtures__', 'publish-handler.ts'),
      serviceName: 'aws-clients-test',
      env: { ...aws.env, NODE_ENV: 'test' },
      event: { userId: 'u1', bucket: aws.bucketName('media') },
    });
    const trace = expectTrace(tree).toBeComplete();
    expect(trace.node('## publish-handler.handler').childNames()).toEqual([
      'GeneratePresignedUrl',
      'PublishEvent',
    ]);
    trace.toHavePath('PublishEvent', 'Kinesis');
    const publish = trace.node('PublishEvent');
    publish
      .toHaveAnnotation('eventType', 'USER_FOLLOWED')
      .toHaveAnnotation('eventId', result!.published.eventId);

    const [record] = (await aws.readStream('events')).map((d) => decodeEvent(d));
    expect(record.eventId).toBe(result!.published.eventId);
    const header = parseTraceHeader(record.traceContext);
    expect(header).toMatchObject({ root: traceId, parent: publish.document.id, sampled: true });

    const { upload } = result!;
    expect(new URL(upload.url).searchParams.get('X-Amz-SignedHeaders')).toBe(
      'content-length;content-type;host',
    );
    const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: 'abcd' });
    expect(put.status).toBe(200);
  });
});

describe('handlerBuildProblems', () => {
  const manifest = defineApp({
    app: 'demo',
    service: 'demo',
    functions: [
      {
        name: 'do-it',
        entry: 'src/handlers/do-it.ts',
        operationType: 'DO_IT',
        trigger: { type: 'schedule', expression: 'rate(1 minute)' },
      },
    ],
  });
  const appWith = (options: Record<string, unknown>): string => {
    const dir = mkdtempSync(join(tmpdir(), 'app-build-'));
    writeFileSync(
      join(dir, 'project.json'),
      JSON.stringify({ targets: { build: { executor: '@nx/esbuild:esbuild', options } } }),
    );
    return dir;
  };
  const good = {
    main: 'apps/demo/src/handlers/do-it.ts',
    outputPath: 'dist/apps/demo',
    bundle: true,
    thirdParty: true,
    platform: 'node',
    format: ['cjs'],
    target: 'node24',
    minify: true,
    sourcemap: 'external',
    external: [],
    esbuildConfig: 'libs/manifest/src/app-esbuild-config.ts',
  };

  it('accepts a build matching the manifest and the shared bundling options', () => {
    expect(handlerBuildProblems(appWith(good), manifest)).toEqual([]);
  });

  it('names a missing entry point, an extra one and a differing option', () => {
    const problems = handlerBuildProblems(
      appWith({ ...good, main: 'apps/demo/src/handlers/other.ts', minify: false }),
      manifest,
    );
    expect(problems).toEqual([
      'do-it: apps/demo/src/handlers/do-it.ts is not a build entry point',
      'apps/demo/src/handlers/other.ts is built but not in the manifest',
      'build option minify is false, expected true',
    ]);
  });

  it('asks for the shared esbuild config, which holds the plugins, instead of inline options', () => {
    const { esbuildConfig, ...inline } = good;
    void esbuildConfig;
    const problems = handlerBuildProblems(
      appWith({ ...inline, esbuildOptions: { mainFields: ['module', 'main'] } }),
      manifest,
    );
    expect(problems).toEqual([
      'build option esbuildOptions is {"mainFields":["module","main"]}, expected undefined',
      'build option esbuildConfig is undefined, expected "libs/manifest/src/app-esbuild-config.ts"',
    ]);
  });
});
