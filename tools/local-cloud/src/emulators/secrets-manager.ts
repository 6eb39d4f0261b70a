import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import type { RunningEmulator } from './dynalite';
import { closeServer, listen } from './http-server';

/** One secret: its current value and the one it replaced (Secrets Manager's AWSPREVIOUS). */
interface StoredSecret {
  current: { versionId: string; value: string };
  previous?: { versionId: string; value: string };
}

export interface LocalSecretsManager extends RunningEmulator {
  /** The ARN functions are given for a secret name. */
  arnOf(name: string): string;
  /** The current value of a secret (in-process, for the local cloud and tests). */
  read(name: string): string | undefined;
  /** Writes a new current value (creating the secret), as PutSecretValue does. */
  write(name: string, value: string): void;
}

class SecretsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The part of Secrets Manager the backend uses (GetSecretValue, PutSecretValue, CreateSecret)
 * over its real JSON 1.1 wire protocol, so functions read their keys through Powertools
 * Parameters and the real SDK client as in AWS, and `npm run rotate-keys -- --local` rotates them
 * with the same code as in AWS. Secrets persist in one JSON file (mode 600) under the data
 * directory; signatures are not checked.
 */
export async function startSecretsManager(
  host: string,
  port: number,
  file: string,
  region: string,
): Promise<LocalSecretsManager> {
  const secrets = load(file);
  const arnPrefix = `arn:aws:secretsmanager:${region}:000000000000:secret:`;
  const arnOf = (name: string) => `${arnPrefix}${name}`;
  const nameOf = (id: unknown) => {
    if (typeof id !== 'string' || id === '') {
      throw new SecretsError('InvalidParameterException', 'SecretId is required');
    }
    return id.startsWith(arnPrefix) ? id.slice(arnPrefix.length) : id;
  };
  const save = () => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(Object.fromEntries(secrets)), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  };
  const write = (name: string, value: string): string => {
    const versionId = randomUUID();
    const existing = secrets.get(name);
    secrets.set(name, {
      current: { versionId, value },
      ...(existing ? { previous: existing.current } : {}),
    });
    save();
    return versionId;
  };
  const found = (name: string): StoredSecret => {
    const secret = secrets.get(name);
    if (!secret) {
      throw new SecretsError(
        'ResourceNotFoundException',
        "Secrets Manager can't find the specified secret.",
      );
    }
    return secret;
  };

  const operations: Record<string, (input: Record<string, unknown>) => unknown> = {
    GetSecretValue: (input) => {
      const name = nameOf(input.SecretId);
      const secret = found(name);
      const stage = input.VersionStage ?? 'AWSCURRENT';
      const version = stage === 'AWSPREVIOUS' ? secret.previous : secret.current;
      if (!version || (stage !== 'AWSCURRENT' && stage !== 'AWSPREVIOUS')) {
        throw new SecretsError('ResourceNotFoundException', `No version staged ${String(stage)}`);
      }
      return {
        ARN: arnOf(name),
        Name: name,
        VersionId: version.versionId,
        SecretString: version.value,
        VersionStages: [stage],
        CreatedDate: Date.now() / 1000,
      };
    },
    PutSecretValue: (input) => {
      const name = nameOf(input.SecretId);
      found(name);
      if (typeof input.SecretString !== 'string') {
        throw new SecretsError('InvalidParameterException', 'SecretString is required');
      }
      const versionId = write(name, input.SecretString);
      return { ARN: arnOf(name), Name: name, VersionId: versionId, VersionStages: ['AWSCURRENT'] };
    },
    CreateSecret: (input) => {
      const name = nameOf(input.Name);
      if (secrets.has(name)) {
        throw new SecretsError('ResourceExistsException', `The secret ${name} already exists.`);
      }
      const versionId = write(
        name,
        typeof input.SecretString === 'string' ? input.SecretString : '',
      );
      return { ARN: arnOf(name), Name: name, VersionId: versionId };
    },
  };

  const server = createServer((req, res) => {
    void answer(req, res, operations);
  });
  const bound = await listen(server, host, port);
  return {
    endpoint: `http://${host}:${bound}`,
    port: bound,
    stop: () => closeServer(server),
    arnOf,
    read: (name) => secrets.get(name)?.current.value,
    write: (name, value) => void write(name, value),
  };
}

async function answer(
  req: IncomingMessage,
  res: ServerResponse,
  operations: Record<string, (input: Record<string, unknown>) => unknown>,
): Promise<void> {
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify(body));
  };
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = operations[target.replace(/^secretsmanager\./, '')];
    if (!operation) {
      throw new SecretsError('UnknownOperationException', `Not emulated locally: ${target}`);
    }
    const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<
      string,
      unknown
    >;
    send(200, operation(input));
  } catch (error) {
    if (error instanceof SecretsError) {
      send(400, { __type: error.type, message: error.message });
    } else {
      send(400, { __type: 'InvalidRequestException', message: String(error) });
    }
  }
}

function load(file: string): Map<string, StoredSecret> {
  try {
    return new Map(
      Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, StoredSecret>),
    );
  } catch {
    return new Map();
  }
}
