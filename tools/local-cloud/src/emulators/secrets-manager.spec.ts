import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { startSecretsManager, type LocalSecretsManager } from './secrets-manager';

/** The local Secrets Manager through the real SDK client (its JSON 1.1 wire protocol). */
describe('local Secrets Manager', () => {
  const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
  const file = join(dir, 'secrets.json');
  let secrets: LocalSecretsManager;
  let client: SecretsManagerClient;

  beforeAll(async () => {
    secrets = await startSecretsManager('127.0.0.1', 0, file, 'us-east-1');
    client = new SecretsManagerClient({
      endpoint: secrets.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });
  afterAll(async () => {
    client.destroy();
    await secrets.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates, reads by name or ARN, and keeps the replaced value as AWSPREVIOUS', async () => {
    const created = await client.send(
      new CreateSecretCommand({ Name: 'app/key', SecretString: 'one' }),
    );
    expect(created.ARN).toBe(secrets.arnOf('app/key'));
    await client.send(new PutSecretValueCommand({ SecretId: created.ARN, SecretString: 'two' }));

    const current = await client.send(new GetSecretValueCommand({ SecretId: 'app/key' }));
    const previous = await client.send(
      new GetSecretValueCommand({ SecretId: created.ARN, VersionStage: 'AWSPREVIOUS' }),
    );
    expect(current).toMatchObject({
      Name: 'app/key',
      SecretString: 'two',
      VersionStages: ['AWSCURRENT'],
    });
    expect(previous.SecretString).toBe('one');
    expect(secrets.read('app/key')).toBe('two');
  });

  it('answers ResourceNotFoundException for an unknown secret, on read and on write', async () => {
    await expect(
      client.send(new GetSecretValueCommand({ SecretId: 'nope' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(
      client.send(new PutSecretValueCommand({ SecretId: 'nope', SecretString: 'x' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    expect(secrets.read('nope')).toBeUndefined();
  });

  it('keeps secrets in a file only its owner can read, for the next start', async () => {
    secrets.write('kept', 'value');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = await startSecretsManager('127.0.0.1', 0, file, 'us-east-1');
    try {
      expect(again.read('kept')).toBe('value');
    } finally {
      await again.stop();
    }
  });
});
