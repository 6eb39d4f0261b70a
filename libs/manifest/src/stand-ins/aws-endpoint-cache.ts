import { standInReached } from './reached';

interface DiscoveredEndpoint {
  Address: string;
  CachePeriodInMinutes: number;
}

/**
 * What handler bundles get in place of `@aws-sdk/endpoint-cache` (with the `mnemonist` LRU and
 * `obliterator` it imports, decision 1922). The DynamoDB client builds one at construction for
 * endpoint discovery (`resolveEndpointDiscoveryConfig`), and today that is all: none of its
 * commands adds the discovery middleware, the cache's only reader, so turning discovery on
 * (`endpointDiscoveryEnabled`, `AWS_ENDPOINT_DISCOVERY_ENABLED`, a config file's
 * `endpoint_discovery_enabled`) changes nothing. Should an upgrade bring the middleware back: with
 * discovery off it only asks `getEndpoint`, and an empty cache answers `undefined` (the request
 * keeps its regional endpoint), as the real one does; with it on, it looks up (`get`) and stores
 * (`set`) discovered endpoints, which throw.
 */
export class EndpointCache {
  constructor(_capacity?: number) {
    // Nothing to hold: the cache is always empty.
  }

  /** No endpoint is ever discovered: the request keeps its endpoint. */
  getEndpoint(_key: string): string | undefined {
    return undefined;
  }

  has(_key: string): boolean {
    return false;
  }

  get(_key: string): never {
    throw discoveryReached();
  }

  set(_key: string, _endpoints: DiscoveredEndpoint[]): never {
    throw discoveryReached();
  }

  /** Empties an entry: a no-op on a cache that is always empty. */
  delete(_key: string): void {
    // Always empty already.
  }

  clear(): void {
    // Always empty already.
  }
}

function discoveryReached(): Error {
  return standInReached(
    "@aws-sdk/endpoint-cache (endpoint discovery turned on for a DynamoDB client, by its config, AWS_ENDPOINT_DISCOVERY_ENABLED or an AWS config file's endpoint_discovery_enabled)",
  );
}
