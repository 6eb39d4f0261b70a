import { startSegmentCapture, type SegmentCapture } from './segment-capture';

/** Jest's suite hooks, read from the globals when called (this module also loads outside Jest). */
interface SuiteHooks {
  beforeAll(fn: () => Promise<void>): void;
  afterAll(fn: () => Promise<void>): void;
}

/**
 * A segment capture for the enclosing `describe`: started in its `beforeAll`, closed in its
 * `afterAll`. Call it in the describe body (`const capture = useSegmentCapture();`); the capture
 * answers from the first test or later hook on, and throws if read before it started.
 */
export function useSegmentCapture(): SegmentCapture {
  const { beforeAll, afterAll } = globalThis as unknown as SuiteHooks;
  let started: SegmentCapture | undefined;
  beforeAll(async () => {
    started = await startSegmentCapture();
  });
  afterAll(async () => {
    await started?.close();
  });
  const current = (): SegmentCapture => {
    if (!started) throw new Error('useSegmentCapture: read before its beforeAll started it');
    return started;
  };
  return new Proxy({} as SegmentCapture, {
    get: (_target, key) => {
      const capture = current();
      const value: unknown = Reflect.get(capture, key);
      return typeof value === 'function' ? value.bind(capture) : value;
    },
  });
}
