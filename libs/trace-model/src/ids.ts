import { randomBytes } from 'node:crypto';

/** A new X-Ray trace id: `1-<epoch seconds, 8 hex>-<96 random bits, 24 hex>`. */
export function newTraceId(nowMs: number = Date.now()): string {
  const seconds = Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0');
  return `1-${seconds}-${randomBytes(12).toString('hex')}`;
}

/** A new 64-bit segment or subsegment id, 16 hex digits. */
export function newSegmentId(): string {
  return randomBytes(8).toString('hex');
}

/** The epoch time, in seconds, encoded in a trace id. */
export function traceIdEpochSeconds(traceId: string): number {
  return parseInt(traceId.slice(2, 10), 16);
}
