import { newSegmentId, newTraceId, type SegmentDocument } from '@traced-social/trace-model';
import { linkedTraceIds } from './linked-traces';

const segment = (more: Partial<SegmentDocument>): SegmentDocument => ({
  id: newSegmentId(),
  trace_id: newTraceId(),
  name: 'feed-fan-out',
  start_time: 1,
  end_time: 2,
  ...more,
});

describe('linkedTraceIds', () => {
  it("finds the consumer's and the producer's trace ids in metadata, nested subsegments included", () => {
    const [consumer, producer] = [newTraceId(), newTraceId()];
    const documents = [
      segment({ metadata: { feed: { consumerTrace: { root: consumer, sampled: true } } } }),
      segment({
        subsegments: [
          segment({ metadata: { feed: { producerTrace: { traceId: producer, sampled: true } } } }),
        ],
      }),
    ];
    expect(linkedTraceIds(documents).sort()).toEqual([consumer, producer].sort());
  });

  it('ignores what is not a trace id', () => {
    const documents = [
      segment({
        metadata: { feed: { consumerTrace: { root: 'nope' }, note: { root: newTraceId() } } },
      }),
    ];
    expect(linkedTraceIds(documents)).toEqual([]);
  });
});
