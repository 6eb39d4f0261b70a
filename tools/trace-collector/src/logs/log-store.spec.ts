import { newTraceId } from '@traced-social/trace-model';
import { LogStore, parseLogLine } from './log-store';

const line = (traceId: string, message: string, level = 'INFO'): string =>
  JSON.stringify({ level, message, timestamp: '2026-11-27T12:00:00.000Z', xray_trace_id: traceId });

describe('LogStore', () => {
  it('keeps JSON lines by the trace they name, in the order written', () => {
    const store = new LogStore();
    const [a, b] = [newTraceId(), newTraceId()];
    expect(store.add('posts-create-post', line(a, 'first'))).toBe(true);
    expect(store.add('feed-fan-out', line(b, 'other'))).toBe(true);
    expect(store.add('posts-create-post', line(a, 'second', 'WARN'))).toBe(true);
    expect(store.forTrace(a).map((l) => [l.functionName, l.level, l.message])).toEqual([
      ['posts-create-post', 'INFO', 'first'],
      ['posts-create-post', 'WARN', 'second'],
    ]);
    expect(store.forTrace(b)).toHaveLength(1);
    expect(store.forTrace(newTraceId())).toEqual([]);
  });

  it('keeps nothing that names no valid trace: plain text, other JSON, a malformed id', () => {
    const store = new LogStore();
    expect(store.add('f', 'Warning: NodeVersionSupportWarning')).toBe(false);
    expect(store.add('f', '{"level":"INFO","message":"no trace"}')).toBe(false);
    expect(store.add('f', '{"xray_trace_id":"not-a-trace"}')).toBe(false);
    expect(store.add('f', '{"xray_trace_id": broken')).toBe(false);
    expect(store.size).toBe(0);
  });

  it('forgets the oldest lines past its bound', () => {
    const store = new LogStore(2);
    const [a, b] = [newTraceId(), newTraceId()];
    store.add('f', line(a, 'oldest'));
    store.add('f', line(b, 'middle'));
    store.add('f', line(b, 'newest'));
    expect(store.size).toBe(2);
    expect(store.forTrace(a)).toEqual([]);
    expect(store.forTrace(b).map((l) => l.message)).toEqual(['middle', 'newest']);
  });

  it('dates a line without a timestamp by its arrival', () => {
    const at = new Date('2026-11-27T13:00:00.000Z');
    const parsed = parseLogLine('f', JSON.stringify({ xray_trace_id: newTraceId() }), at);
    expect(parsed?.timestamp).toBe(at.toISOString());
  });
});
