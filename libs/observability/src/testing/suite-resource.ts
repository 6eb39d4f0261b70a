import { startSegmentCapture, type SegmentCapture } from './segment-capture';

/** Jest's suite hooks, read from the globals when called (this module also loads outside Jest). */
interface SuiteHooks {
  beforeAll(fn: () => Promise<void>): void;
  afterAll(fn: () => Promise<void>): void;
}

/**
 * A resource for the enclosing `describe`: `start` runs in its `beforeAll`, `stop` in its
 * `afterAll`. Call it in the describe body (`const capture = useForSuite(...)`); what it returns
 * stands for the started resource from the first test or later hook on, and throws if read before.
 */
export function useForSuite<T extends object>(
  start: () => Promise<T>,
  stop: (resource: T) => Promise<void>,
): T {
  const { beforeAll, afterAll } = globalThis as unknown as SuiteHooks;
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  });
  afterAll(async () => {
    if (started) await stop(started);
  });
  return new Proxy({} as T, {
    get: (_target, key) => {
      if (!started) throw new Error('useForSuite: read before its beforeAll started it');
      const value: unknown = Reflect.get(started, key);
      return typeof value === 'function' ? value.bind(started) : value;
    },
  });
}

/** A segment capture for the enclosing `describe` (see `useForSuite`). */
export const useSegmentCapture = (): SegmentCapture =>
  useForSuite(startSegmentCapture, (capture) => capture.close());
