// The DynamoDB limiter's own module, typed as the package's root types describe it: importing it
// alone keeps the other 25 limiters the package index requires (~70 KB) out of the bundle.
declare module 'rate-limiter-flexible/lib/RateLimiterDynamo' {
  import { RateLimiterDynamo } from 'rate-limiter-flexible';
  export = RateLimiterDynamo;
}
