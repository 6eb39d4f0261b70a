import { Segment, setDaemonAddress, setStreamingThreshold } from 'aws-xray-sdk-core';
import { startCollector, type Collector } from './collector';

/** What the real X-Ray SDK sends over UDP, received and assembled by the collector. */
describe('segments from aws-xray-sdk-core', () => {
  let collector: Collector;

  beforeAll(async () => {
    collector = await startCollector({ port: 0 });
    setDaemonAddress(collector.udpAddress);
  });

  afterAll(async () => {
    setStreamingThreshold(100);
    await collector.close();
  });

  it('assembles a segment and the subsegments the SDK streams separately', async () => {
    // A threshold of 1 makes the SDK send each closed subsegment as its own datagram, with
    // trace_id and parent_id, as it does for large segments and in Lambda.
    setStreamingThreshold(1);
    const segment = new Segment('sdk-service');
    const store = segment.addNewSubsegment('### store');
    store.addAnnotation('operationType', 'CREATE_POST');
    const dynamo = store.addNewSubsegment('DynamoDB');
    dynamo.namespace = 'aws';
    dynamo.close();
    store.close();
    const publish = segment.addNewSubsegment('### publish');
    publish.close(new Error('stream is gone'));
    segment.close();

    const trace = await collector.store.waitForTrace(segment.trace_id, {
      predicate: (t) =>
        t.segments.length === 1 &&
        !t.segments[0].in_progress &&
        (t.segments[0].subsegments?.length ?? 0) === 2,
    });

    const [root] = trace.segments;
    expect(root.name).toBe('sdk-service');
    expect(root.subsegments?.map((s) => s.name).sort()).toEqual(['### publish', '### store']);
    const stored = root.subsegments?.find((s) => s.name === '### store');
    expect(stored?.annotations).toEqual({ operationType: 'CREATE_POST' });
    expect(stored?.subsegments?.map((s) => s.name)).toEqual(['DynamoDB']);
    const failed = root.subsegments?.find((s) => s.name === '### publish');
    expect(failed?.fault).toBe(true);
    expect(collector.stats().rejected).toBe(0);

    const [summary] = collector.store.summaries({
      filter: undefined,
      startTime: segment.start_time - 1,
      endTime: Date.now() / 1000 + 1,
    });
    expect(summary.id).toBe(segment.trace_id);
    expect(summary.annotations.get('operationType')?.[0].value).toBe('CREATE_POST');
  });
});
