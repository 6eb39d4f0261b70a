import { validateSegmentDocument } from '@traced-social/trace-model';
import { buildStageSegment, type StageSegmentInput } from './stage-segment';

const request: StageSegmentInput = {
  id: '53995c3f42cd8ad8',
  traceId: '1-5759e988-bd862e3fe1be46a994272793',
  apiName: 'traced-social-local-auth',
  apiId: 'abc123',
  stage: 'local',
  region: 'us-east-1',
  requestId: 'req-1',
  method: 'GET',
  url: 'http://127.0.0.1:3000/auth/callback?access_token=QUERY-TOKEN-1&state=s-1#id_token=ID-TOKEN-2',
  clientIp: '127.0.0.1',
  status: 200,
  contentLength: 2,
  startTime: 1_700_000_000,
  endTime: 1_700_000_001,
};

describe('the API Gateway stage segment', () => {
  it('records the URL with its sensitive query and fragment parameters redacted', () => {
    const segment = buildStageSegment(request);
    expect(segment.http?.request?.url).toBe(
      'http://127.0.0.1:3000/auth/callback?access_token=[REDACTED]&state=s-1#id_token=[REDACTED]',
    );
    expect(JSON.stringify(segment)).not.toMatch(/QUERY-TOKEN-1|ID-TOKEN-2/);
    expect(validateSegmentDocument(segment)).toEqual([]);
  });

  it('keeps a URL without secrets as it came', () => {
    const url = 'http://127.0.0.1:3000/posts/p-1/likes?limit=20&cursor=c-1';
    expect(buildStageSegment({ ...request, url }).http?.request?.url).toBe(url);
  });
});
