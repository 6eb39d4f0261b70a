import type { Readable } from 'node:stream';

/** The stream closed before its end: the client went away mid-request. */
export class ClosedBeforeEnd extends Error {
  constructor() {
    super('The request stream closed before its end');
  }
}

/**
 * A request's bytes, or `undefined` when there were more than `maxBytes`: past the bound the rest
 * is read and dropped, not kept, so that the answer saying so can still be written.
 */
export function readBoundedBody(stream: Readable, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    stream.once('end', () => resolve(size > maxBytes ? undefined : Buffer.concat(chunks)));
    stream.once('error', reject);
    // After `end` this settles nothing; before it, the client has gone.
    stream.once('close', () => reject(new ClosedBeforeEnd()));
  });
}
