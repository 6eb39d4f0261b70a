import { join } from 'node:path';

/**
 * Where the local cloud keeps its state, all under one directory (`.local/` at the workspace root
 * by default) so that `--reset` is one `rm -rf`.
 */
export interface DataDirLayout {
  root: string;
  dynamodb: string;
  kinesis: string;
  s3: string;
  bundles: string;
  runtime: string;
  deadLetters: string;
  checkpoints: string;
  traces: string;
  lockFile: string;
  /** The local Secrets Manager's secrets (the access-token keys). */
  secretsFile: string;
}

export function dataDirLayout(root: string): DataDirLayout {
  return {
    root,
    dynamodb: join(root, 'dynamodb'),
    kinesis: join(root, 'kinesis'),
    s3: join(root, 's3'),
    bundles: join(root, 'bundles'),
    runtime: join(root, 'runtime'),
    deadLetters: join(root, 'dlq'),
    checkpoints: join(root, 'event-sources', 'checkpoints.json'),
    traces: join(root, 'traces.jsonl'),
    lockFile: join(root, 'local-cloud.lock'),
    secretsFile: join(root, 'secrets.json'),
  };
}
