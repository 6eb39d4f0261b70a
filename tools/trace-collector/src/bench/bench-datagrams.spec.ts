import { parseDaemonDatagram, validateSegmentDocument } from '@traced-social/trace-model';
import { benchDatagram, DOCUMENTS_PER_TRACE } from './bench-datagrams';

describe('benchDatagram', () => {
  it('makes valid, distinct documents: a segment, then subsegments under it', () => {
    const epoch = Math.floor(Date.now() / 1000);
    const parsed = Array.from({ length: 2 * DOCUMENTS_PER_TRACE }, (_, i) => {
      const result = parseDaemonDatagram(benchDatagram(i, epoch, 3));
      if (!result.ok) throw new Error(result.error);
      expect(validateSegmentDocument(result.document, result.bytes)).toEqual([]);
      return result.document;
    });
    expect(new Set(parsed.map((d) => d.id)).size).toBe(10);
    expect(new Set(parsed.map((d) => d.trace_id)).size).toBe(2);
    expect(parsed[0].type).toBeUndefined();
    expect(
      parsed.slice(1, 5).every((d) => d.type === 'subsegment' && d.parent_id === parsed[0].id),
    ).toBe(true);
    expect(parsed[5].trace_id).toMatch(/^1-[0-9a-f]{8}-00000003[0-9a-f]{16}$/);
  });
});
