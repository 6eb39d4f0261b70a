import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtSecret } from './jwt-secret';

/**
 * Secrets Manager over its real wire protocol (JSON 1.1), served by a tiny local endpoint: the
 * SDK client is the real one, pointed at it with AWS_ENDPOINT_URL_SECRETS_MANAGER.
 */
describe('jwtSecret from Secrets Manager', () => {
  const arn = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:jwt-AbCdEf';
  const secret = 'a-secret-from-secrets-manager-32-bytes!!';
  let server: Server;
  const requests: Array<{ target: string; body: { SecretId?: string } }> = [];
  let failNext = 0;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        requests.push({ target: String(req.headers['x-amz-target']), body: JSON.parse(raw) });
        res.setHeader('content-type', 'application/x-amz-json-1.1');
        if (failNext > 0) {
          failNext -= 1;
          res.statusCode = 400;
          res.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: 'not yet' }));
          return;
        }
        res.end(JSON.stringify({ ARN: arn, Name: 'jwt', SecretString: secret }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${port}`,
      AWS_REGION: 'us-east-1',
      NODE_ENV: 'test',
    });
    delete process.env.AWS_XRAY_DAEMON_ADDRESS;
  });
  afterAll(async () => {
    process.env = savedEnv;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('reads the secret once per container, and retries after a failed read', async () => {
    failNext = 1;
    const env = { JWT_SECRET_ARN: arn };
    await expect(jwtSecret(env)).rejects.toThrow('not yet');
    await expect(jwtSecret(env)).resolves.toBe(secret);
    await expect(jwtSecret(env)).resolves.toBe(secret);
    expect(requests).toEqual([
      { target: 'secretsmanager.GetSecretValue', body: { SecretId: arn } },
      { target: 'secretsmanager.GetSecretValue', body: { SecretId: arn } },
    ]);
  });
});
