// The emulators ship no type declarations; these cover what the test kit uses.
declare module 'dynalite' {
  import type { Server } from 'node:http';
  function dynalite(options?: {
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    path?: string;
  }): Server;
  export = dynalite;
}

declare module 'kinesalite' {
  import type { Server } from 'node:http';
  function kinesalite(options?: {
    createStreamMs?: number;
    deleteStreamMs?: number;
    updateStreamMs?: number;
    shardLimit?: number;
    path?: string;
  }): Server;
  export = kinesalite;
}

declare module 's3rver' {
  import type { AddressInfo } from 'node:net';
  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory: string;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    vhostBuckets?: boolean;
    configureBuckets?: Array<{ name: string; configs?: string[] }>;
  }
  class S3rver {
    constructor(options: S3rverOptions);
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
  }
  export = S3rver;
}

declare module 'dynalite/db' {
  import type { AttributeValue } from '@aws-sdk/client-dynamodb';
  /** The size dynalite gives an item, by DynamoDB's rules (what its 400 KB limit is checked on). */
  export function itemSize(item: Record<string, AttributeValue>): number;
}
