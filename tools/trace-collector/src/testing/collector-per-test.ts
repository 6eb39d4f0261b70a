import { afterEach, beforeEach } from '@jest/globals';
import type { XRayClient } from '@aws-sdk/client-xray';
import { startCollector, type Collector } from '../collector';
import { localXRayClient } from './xray-client';

export interface LocalCollector {
  readonly collector: Collector;
  /** The real X-Ray client, pointed at `collector`. */
  readonly client: XRayClient;
}

/**
 * A fresh collector on a free port and an X-Ray client pointed at it for each test of the
 * calling `describe`, both closed after it. Read them inside tests, not at describe time.
 */
export function collectorPerTest(): LocalCollector {
  let current: LocalCollector | undefined;
  beforeEach(async () => {
    const collector = await startCollector({ port: 0 });
    current = { collector, client: localXRayClient(collector.url) };
  });
  afterEach(async () => {
    current?.client.destroy();
    await current?.collector.close();
    current = undefined;
  });
  const started = (): LocalCollector => {
    if (!current) throw new Error('collectorPerTest: read the collector inside a test');
    return current;
  };
  return {
    get collector() {
      return started().collector;
    },
    get client() {
      return started().client;
    },
  };
}
