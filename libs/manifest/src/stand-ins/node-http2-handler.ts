import { standInReached } from './reached';

/**
 * What handler bundles get in place of `@smithy/node-http-handler`'s HTTP/2 handler (decision
 * 1922). The Kinesis client's runtime config imports it as its default request handler, and calls
 * `NodeHttp2Handler.create(config.requestHandler ?? defaults)`, which returns a handler it is
 * given as is. Every client of ours is given an HTTP/1.1 `NodeHttpHandler` (`baseClientConfig` of
 * @traced-social/aws-clients), so `create` always receives one; without it, this throws.
 */
export class NodeHttp2Handler {
  static create<T extends { handle: unknown }>(instanceOrOptions?: T | unknown): T {
    if (typeof (instanceOrOptions as Partial<T> | undefined)?.handle === 'function') {
      return instanceOrOptions as T;
    }
    throw standInReached(
      "@smithy/node-http-handler's NodeHttp2Handler (a client built without baseClientConfig's requestHandler)",
    );
  }

  constructor() {
    throw standInReached("@smithy/node-http-handler's NodeHttp2Handler");
  }
}
