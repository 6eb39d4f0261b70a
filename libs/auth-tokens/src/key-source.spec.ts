import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ACCESS_TOKEN_JWKS_ARN_ENV,
  ACCESS_TOKEN_SIGNING_KEY_ARN_ENV,
} from '@traced-social/manifest';
import { signAccessToken } from './access-token';
import { rotateAccessTokenKeys, type SecretStore } from './key-rotation';
import { currentSigningKey, publishedKeys } from './key-source';
import { parsePublishedKeys } from './signing-keys';
import { verifyWithPublishedKeys } from './token-verifier';

/**
 * Secrets Manager over its real wire protocol (JSON 1.1), served by a tiny local endpoint holding
 * the secrets in a map: the SDK client and Powertools Parameters are the real ones, pointed at it
 * with AWS_ENDPOINT_URL_SECRETS_MANAGER.
 */
describe('access-token keys from Secrets Manager', () => {
  const ids = { signingKey: 'test/signing-key', jwks: 'test/jwks' };
  const values = new Map<string, string>();
  const reads: string[] = [];
  let failNext = 0;
  let server: Server;
  const savedEnv = { ...process.env };
  const env = {
    [ACCESS_TOKEN_SIGNING_KEY_ARN_ENV]: ids.signingKey,
    [ACCESS_TOKEN_JWKS_ARN_ENV]: ids.jwks,
  };
  const store: SecretStore = {
    read: async (id) => values.get(id),
    write: async (id, text) => void values.set(id, text),
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        const { SecretId } = JSON.parse(raw) as { SecretId: string };
        reads.push(SecretId);
        res.setHeader('content-type', 'application/x-amz-json-1.1');
        const value = values.get(SecretId);
        if (failNext > 0 || value === undefined) {
          failNext = Math.max(0, failNext - 1);
          res.statusCode = 400;
          res.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: 'not yet' }));
          return;
        }
        res.end(JSON.stringify({ ARN: SecretId, Name: SecretId, SecretString: value }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${port}`,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      NODE_ENV: 'test',
    });
    delete process.env.AWS_XRAY_DAEMON_ADDRESS;
    delete process.env.POWERTOOLS_PARAMETERS_MAX_AGE;
    await rotateAccessTokenKeys(store, ids);
  });
  afterAll(async () => {
    process.env = savedEnv;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('reads each key once per max age, and retries after a failed read', async () => {
    failNext = 1;
    await expect(currentSigningKey(env)).rejects.toThrow();
    const key = await currentSigningKey(env);
    expect(await currentSigningKey(env)).toBe(key);
    await publishedKeys(env);
    await publishedKeys(env);
    expect(reads).toEqual([ids.signingKey, ids.signingKey, ids.jwks]);
  });

  it('says which variables are missing when nothing is configured', async () => {
    await expect(currentSigningKey({})).rejects.toThrow(
      'Neither ACCESS_TOKEN_SIGNING_KEY nor ACCESS_TOKEN_SIGNING_KEY_ARN is set',
    );
  });

  it('re-reads the JWKS once when a token names a key newer than the cached copy', async () => {
    const before = await currentSigningKey(env);
    const { token: old } = await signAccessToken({ userId: 'u', username: 'ada' }, before);
    await verifyWithPublishedKeys(old, env);

    const rotation = await rotateAccessTokenKeys(store, ids, { force: true });
    expect(rotation.previousKid).toBe(before.kid);
    const next = JSON.parse(values.get(ids.signingKey) ?? '');
    const { token: fresh } = await signAccessToken({ userId: 'u', username: 'ada' }, next);
    reads.length = 0;
    await expect(verifyWithPublishedKeys(fresh, env)).resolves.toEqual({
      userId: 'u',
      username: 'ada',
    });
    await expect(verifyWithPublishedKeys(old, env)).resolves.toEqual({
      userId: 'u',
      username: 'ada',
    });
    expect(reads).toEqual([ids.jwks]);

    // An unknown kid again within the cool-down: refused without another read.
    const { token: stranger } = await signAccessToken(
      { userId: 'u', username: 'ada' },
      { ...next, kid: 'never-published' },
    );
    await expect(verifyWithPublishedKeys(stranger, env)).rejects.toMatchObject({
      problem: 'invalid',
    });
    expect(reads).toEqual([ids.jwks]);
  });
});

describe('rotateAccessTokenKeys', () => {
  const ids = { signingKey: 'k', jwks: 'j' };
  const values = new Map<string, string>();
  const writes: string[] = [];
  const store: SecretStore = {
    read: async (id) => values.get(id),
    write: async (id, text) => {
      writes.push(id);
      values.set(id, text);
    },
  };
  const t0 = new Date('2026-11-27T12:00:00Z');
  const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

  it('creates the first pair, then publishes each new key before signing with it and retires the one before the previous', async () => {
    const first = await rotateAccessTokenKeys(store, ids, { now: t0 });
    expect(first).toEqual({ kid: expect.any(String), retiredKids: [] });
    expect(writes).toEqual(['j', 'k']);

    await expect(rotateAccessTokenKeys(store, ids, { now: minutes(10) })).rejects.toThrow(
      'would refuse tokens it signed that have not expired',
    );
    const second = await rotateAccessTokenKeys(store, ids, { now: minutes(30) });
    expect(second).toEqual({ kid: expect.any(String), previousKid: first.kid, retiredKids: [] });
    const third = await rotateAccessTokenKeys(store, ids, { now: minutes(31), force: true });
    expect(third).toEqual({
      kid: expect.any(String),
      previousKid: second.kid,
      retiredKids: [first.kid],
    });

    expect(writes).toEqual(['j', 'k', 'j', 'k', 'j', 'k']);
    const published = parsePublishedKeys(values.get('j') ?? '');
    expect(published.keys.map((k) => k.kid)).toEqual([third.kid, second.kid]);
    expect(published.rotatedAt).toBe(minutes(31).toISOString());
    expect(JSON.parse(values.get('k') ?? '').kid).toBe(third.kid);
  });
});
