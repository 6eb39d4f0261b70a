import {
  TraceAssembler,
  apiTraceTree,
  buildLambdaSegments,
  buildTraceTree,
  encodeDaemonDatagram,
  formatTraceHeader,
  namePaths,
  newSegmentId,
  newTraceId,
  parseDaemonDatagram,
  parseTraceHeader,
  renderTraceTree,
  validateSegmentDocument,
  type SegmentDocument,
} from './index';

const t0 = 1_790_000_000;

function segment(over: Partial<SegmentDocument> & { name: string }): SegmentDocument {
  return { id: newSegmentId(), start_time: t0, end_time: t0 + 0.1, ...over };
}

/** An API Gateway segment, its function's segment and the handler subsegment, each under the last. */
function lambdaTrace() {
  const traceId = newTraceId();
  const api = segment({ name: 'api', trace_id: traceId, start_time: t0 });
  const fn = segment({ name: 'fn', trace_id: traceId, parent_id: api.id, start_time: t0 + 0.01 });
  const handler = segment({
    name: '## handler',
    trace_id: traceId,
    type: 'subsegment',
    parent_id: fn.id,
    start_time: t0 + 0.02,
  });
  return { traceId, api, fn, handler };
}

describe('ids and headers', () => {
  it('makes X-Ray shaped ids', () => {
    expect(newTraceId(t0 * 1000)).toMatch(new RegExp(`^1-${t0.toString(16)}-[0-9a-f]{24}$`));
    expect(newSegmentId()).toMatch(/^[0-9a-f]{16}$/);
  });

  it('round-trips a trace header, keeping unknown keys', () => {
    const header =
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a:1';
    const parsed = parseTraceHeader(header);
    expect(parsed).toEqual({
      root: '1-5759e988-bd862e3fe1be46a994272793',
      parent: '53995c3f42cd8ad8',
      sampled: true,
      extra: [['Lineage', 'a:1']],
    });
    expect(formatTraceHeader(parsed!)).toBe(header);
    expect(parseTraceHeader('Parent=1;Sampled=0')).toBeUndefined();
    expect(parseTraceHeader('Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=0')?.sampled).toBe(
      false,
    );
  });
});

describe('daemon protocol', () => {
  it('encodes and parses a datagram, with or without spaces in the header', () => {
    const doc = segment({ name: 'svc', trace_id: newTraceId() });
    const parsed = parseDaemonDatagram(encodeDaemonDatagram(doc));
    expect(parsed).toMatchObject({ ok: true, document: doc });
    const spaced = parseDaemonDatagram(`{"format": "json", "version": 1}\n${JSON.stringify(doc)}`);
    expect(spaced.ok).toBe(true);
  });

  it('reports malformed datagrams without throwing', () => {
    expect(parseDaemonDatagram('no newline')).toEqual({
      ok: false,
      error: 'missing newline after the header',
    });
    expect(parseDaemonDatagram('{bad\n{}')).toEqual({ ok: false, error: 'header is not JSON' });
    expect(parseDaemonDatagram('{"format":"xml","version":1}\n{}').ok).toBe(false);
    expect(parseDaemonDatagram(`${'{"format":"json","version":1}'}\n{oops`)).toEqual({
      ok: false,
      error: 'segment document is not JSON',
    });
  });
});

describe('validation', () => {
  it('accepts a valid segment and independent subsegment', () => {
    const traceId = newTraceId();
    expect(validateSegmentDocument(segment({ name: 's', trace_id: traceId }))).toEqual([]);
    expect(
      validateSegmentDocument(
        segment({ name: 'sub', trace_id: traceId, type: 'subsegment', parent_id: newSegmentId() }),
      ),
    ).toEqual([]);
    expect(
      validateSegmentDocument({
        ...segment({ name: 's', trace_id: traceId }),
        end_time: undefined,
        in_progress: true,
      }),
    ).toEqual([]);
  });

  it('names each problem', () => {
    expect(
      validateSegmentDocument({ id: 'xyz', name: '', start_time: -1, trace_id: '1-abc' }),
    ).toEqual([
      'trace_id must look like 1-<8 hex>-<24 hex>',
      'id must be 16 hex digits',
      'name must be a string of 1 to 200 characters',
      'start_time must be a positive number of epoch seconds',
      'end_time is required unless in_progress is true',
    ]);
    expect(validateSegmentDocument([])).toEqual(['not a JSON object']);
    expect(
      validateSegmentDocument(segment({ name: 'x', trace_id: newTraceId() }), 70_000)[0],
    ).toMatch(/over the 65536 byte limit/);
    const sub = segment({ name: 'sub', trace_id: newTraceId(), type: 'subsegment' });
    expect(validateSegmentDocument(sub)).toContain(
      'an independent subsegment needs a 16-hex parent_id',
    );
    const nestedBad = segment({
      name: 's',
      trace_id: newTraceId(),
      subsegments: [{ id: 'q', name: 'n', start_time: t0 }] as SegmentDocument[],
    });
    expect(validateSegmentDocument(nestedBad)).toEqual([
      'subsegments[0]: id must be 16 hex digits',
      'subsegments[0]: end_time is required unless in_progress is true',
    ]);
  });
});

describe('TraceAssembler', () => {
  it('assembles pieces arriving out of order and twice into one tree', () => {
    const { traceId, api, fn, handler } = lambdaTrace();
    const child = segment({
      name: 'child',
      trace_id: traceId,
      type: 'subsegment',
      parent_id: handler.id,
      start_time: t0 + 0.03,
    });
    const assembler = new TraceAssembler();
    // The grandchild first, the handler in progress then complete, the segments last.
    assembler.add(child);
    assembler.add({ ...handler, end_time: undefined, in_progress: true });
    assembler.add(handler);
    assembler.add({ ...handler, end_time: undefined, in_progress: true }); // late in-progress copy is ignored
    assembler.add(fn);
    assembler.add(api);

    const trace = assembler.assemble(traceId)!;
    expect(trace.orphans).toEqual([]);
    expect(trace.segments.map((s) => s.name)).toEqual(['api', 'fn']);
    const handlerCopy = trace.segments[1].subsegments?.[0];
    expect(handlerCopy?.name).toBe('## handler');
    expect(handlerCopy?.in_progress).toBeUndefined();
    expect(handlerCopy?.end_time).toBe(handler.end_time);
    expect(namePaths(buildTraceTree(trace))).toEqual([
      'api',
      'api > fn',
      'api > fn > ## handler',
      'api > fn > ## handler > child',
    ]);
    expect(renderTraceTree(buildTraceTree(trace))).toContain('└─ ## handler  80.0 ms');
  });

  it('keeps subsegments whose parent never arrives as orphans, and replaces an embedded copy', () => {
    const traceId = newTraceId();
    const facadeId = newSegmentId();
    const handler = segment({
      name: '## handler',
      trace_id: traceId,
      type: 'subsegment',
      parent_id: facadeId,
    });
    const inner = segment({
      name: 'inner',
      trace_id: traceId,
      type: 'subsegment',
      parent_id: handler.id,
      in_progress: true,
      end_time: undefined,
    });
    const assembler = new TraceAssembler();
    assembler.add({ ...handler, subsegments: [inner] });
    assembler.add({ ...inner, in_progress: undefined, end_time: t0 + 0.05 });
    const trace = assembler.assemble(traceId)!;
    expect(trace.segments).toEqual([]);
    expect(trace.orphans).toHaveLength(1);
    expect(trace.orphans[0].subsegments).toHaveLength(1);
    expect(trace.orphans[0].subsegments?.[0].in_progress).toBeUndefined();
    expect(assembler.documents(traceId)).toHaveLength(2);
    expect(assembler.size).toBe(1);
  });
});

describe('apiTraceTree', () => {
  it('builds the tree of a trace read through the X-Ray API, subsegments under their parents', () => {
    const { api, fn, handler } = lambdaTrace();
    // BatchGetTraces answers each document as a JSON string, in no particular order.
    const Segments = [handler, fn, api].map((d) => ({ Id: d.id, Document: JSON.stringify(d) }));
    expect(namePaths(apiTraceTree({ Segments }))).toEqual([
      'api',
      'api > fn',
      'api > fn > ## handler',
    ]);
    expect(apiTraceTree({})).toEqual([]);
  });
});

describe('buildLambdaSegments', () => {
  it('emits the service and function segments that the handler subsegments hang under', () => {
    const traceId = newTraceId();
    const apiId = newSegmentId();
    const functionSegmentId = newSegmentId();
    const [service, fn] = buildLambdaSegments({
      traceId,
      upstreamParentId: apiId,
      functionSegmentId,
      functionName: 'posts-create-post',
      region: 'us-east-1',
      requestId: 'req-1',
      startTime: t0,
      endTime: t0 + 0.2,
      initDuration: 0.15,
      fault: true,
    });
    const handler = segment({
      name: '## handler',
      trace_id: traceId,
      type: 'subsegment',
      parent_id: functionSegmentId,
    });
    const api = segment({ name: 'api', trace_id: traceId, id: apiId });
    for (const doc of [service, fn, handler, api]) expect(validateSegmentDocument(doc)).toEqual([]);
    const assembler = new TraceAssembler();
    [handler, fn, service, api].forEach((d) => assembler.add(d));
    expect(namePaths(buildTraceTree(assembler.assemble(traceId)!))).toEqual([
      'api',
      'api > posts-create-post',
      'api > posts-create-post > posts-create-post',
      'api > posts-create-post > posts-create-post > Initialization',
      'api > posts-create-post > posts-create-post > ## handler',
    ]);
    expect(service).toMatchObject({
      origin: 'AWS::Lambda',
      fault: true,
      http: { response: { status: 500 } },
    });
    expect(fn).toMatchObject({
      origin: 'AWS::Lambda::Function',
      parent_id: service.id,
      fault: true,
    });
  });
});
