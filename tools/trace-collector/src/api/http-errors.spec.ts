import { startCollector, type Collector } from '../collector';

describe('HTTP API errors', () => {
  let collector: Collector;

  beforeAll(async () => {
    collector = await startCollector({ port: 0 });
  });

  afterAll(() => collector.close());

  const post = async (path: string, body: string) => {
    const response = await fetch(`${collector.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    return {
      status: response.status,
      type: response.headers.get('x-amzn-errortype'),
      body: (await response.json()) as Record<string, unknown>,
    };
  };

  it.each([
    ['/TraceSummaries', '{not json', 'The request body is not valid JSON'],
    ['/TraceSummaries', '[1,2]', 'The request body must be a JSON object'],
    ['/TraceSummaries', '{"EndTime": 2}', 'StartTime is required'],
    ['/TraceSummaries', '{"StartTime": "soon", "EndTime": 2}', 'StartTime must be a timestamp'],
    ['/TraceSummaries', '{"StartTime": 5, "EndTime": 2}', 'EndTime is before StartTime'],
    [
      '/TraceSummaries',
      '{"StartTime": 1, "EndTime": 2, "TimeRangeType": "Sometime"}',
      'TimeRangeType must be TraceId, Event or Service',
    ],
    [
      '/TraceSummaries',
      '{"StartTime": 1, "EndTime": 2, "NextToken": "forged"}',
      'NextToken is not one this collector issued',
    ],
    [
      '/TraceSummaries',
      '{"StartTime": 1, "EndTime": 2, "FilterExpression": 7}',
      'FilterExpression must be a string',
    ],
    ['/Traces', '{"TraceIds": "1-abc"}', 'TraceIds must be a list of trace ids'],
    [
      '/TraceSegments',
      '{"TraceSegmentDocuments": "x"}',
      'TraceSegmentDocuments must be a list of strings',
    ],
    ['/ServiceGraph', '{"StartTime": 1}', 'EndTime is required'],
  ])('POST %s %s → 400 InvalidRequestException', async (path, body, message) => {
    expect(await post(path, body)).toEqual({
      status: 400,
      type: 'InvalidRequestException',
      body: { __type: 'InvalidRequestException', Message: message },
    });
    expect(collector.stats().received).toBe(0);
  });

  it('gives the 0-based position of a filter syntax error', async () => {
    const answer = await post(
      '/TraceSummaries',
      '{"StartTime": 1, "EndTime": 2, "FilterExpression": "ok AND"}',
    );
    expect(answer.status).toBe(400);
    expect(answer.body.Position).toBe(6);
  });

  it('answers unknown paths with 404 and oversized bodies with 413', async () => {
    expect(await post('/Nowhere', '{}')).toMatchObject({
      status: 404,
      type: 'UnknownOperationException',
    });
    const huge = JSON.stringify({ TraceSegmentDocuments: ['x'.repeat(17 * 1024 * 1024)] });
    expect(await post('/TraceSegments', huge)).toMatchObject({ status: 413 });
    expect(collector.stats().received).toBe(0);
  });

  it('answers a viewer request for an unknown trace with 404', async () => {
    const response = await fetch(
      `${collector.url}/viewer/api/traces/1-00000000-000000000000000000000000`,
    );
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ __type: 'ResourceNotFoundException' });
  });
});
