import { standInReached } from './reached';

/**
 * What handler bundles get in place of `@smithy/core`'s `DefaultRateLimiter` (2.6 KB, decision
 * 1922), the client-side rate limiter of the SDK's `adaptive` retry mode, built only by an
 * `AdaptiveRetryStrategy`. Every client of ours takes `retryMode: 'standard'` (`baseClientConfig`
 * of @traced-social/aws-clients), which `AWS_RETRY_MODE=adaptive` does not override; a client built
 * without it would turn adaptive through that variable or an AWS config file. Constructing it
 * throws.
 */
export class DefaultRateLimiter {
  static setTimeoutFn = (fn: () => void, delay: number): NodeJS.Timeout => setTimeout(fn, delay);

  constructor() {
    throw standInReached("the AWS SDK's adaptive retry mode (DefaultRateLimiter)");
  }
}
