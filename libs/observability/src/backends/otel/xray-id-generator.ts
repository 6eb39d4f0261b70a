import { RandomIdGenerator, type IdGenerator } from '@opentelemetry/sdk-trace';

/**
 * X-Ray-compatible ids from the SDK's own generator (decision 1930): span ids as they are, and a
 * trace id's first 8 hex digits the epoch seconds, as X-Ray requires. The backend never opens a
 * root span (every span has Lambda's, a producer's or a parent span's trace id), so trace ids are
 * a safeguard; span ids are made per span, and the SDK's generator fills a shared buffer where
 * `@opentelemetry/id-generator-aws-xray` draws fresh bytes from the crypto module for each one.
 */
export class XRayIdGenerator implements IdGenerator {
  private readonly random = new RandomIdGenerator();

  generateTraceId(): string {
    const seconds = Math.floor(Date.now() / 1000)
      .toString(16)
      .padStart(8, '0');
    return `${seconds}${this.random.generateTraceId().slice(8)}`;
  }

  generateSpanId(): string {
    return this.random.generateSpanId();
  }
}
