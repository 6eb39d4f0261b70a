import { eventually } from '@traced-social/aws-clients/testing';
import { startCloudSession, type CloudSession } from '@traced-social/cloud-session';
import { findNodes } from '@traced-social/trace-model';
import { runCanaryCommand } from './canary-command';
import { CANARY_SEGMENT_NAME } from './daemon-tracer';

jest.setTimeout(240_000);

/**
 * `npm run canary` against a local cloud: the flow the Synthetics canary runs in each stage, with
 * its trace reaching the collector annotated `synthetic = true` and the backend's segments in it.
 */
describe('npm run canary against the local cloud', () => {
  let session: CloudSession;

  const canary = async () => {
    const lines: string[] = [];
    const code = await runCanaryCommand(
      ['--api', session.cloud.endpoints.api, '--daemon', session.cloud.endpoints.daemonAddress],
      (line) => lines.push(line),
      {},
    );
    const traceId = lines.at(-1)!.split(' ')[1];
    return { code, lines, traceId };
  };

  beforeAll(async () => {
    session = await startCloudSession({ apps: ['auth', 'posts', 'feed', 'likes'] });
  });
  afterAll(() => session?.stop());

  it('registers the synthetic user on its first run, then walks the flow and cleans up', async () => {
    const first = await canary();
    // The lines first: a failing run then shows which step answered what.
    expect(first.lines.at(-2)).toBe('ok    delete the post (204)');
    expect(first.code).toBe(0);
    expect(first.lines.slice(0, -1)).toEqual([
      'ok    sign in (401)',
      'ok    register the synthetic user (201)',
      'ok    sign in (200)',
      'ok    create a post (201)',
      'ok    read the feed (200)',
      'ok    like the post (200)',
      'ok    delete the post (204)',
    ]);
    const second = await canary();
    expect(second.code).toBe(0);
    expect(second.lines.slice(0, 2)).toEqual(['ok    sign in (200)', 'ok    create a post (201)']);
  });

  it('traces the run as one synthetic trace holding the backend operations it caused', async () => {
    const { code, traceId } = await canary();
    expect(code).toBe(0);
    await eventually(
      'the canary trace to be found as synthetic',
      async () =>
        (await session.findTraces('annotation.synthetic = true')).includes(traceId) || undefined,
    );
    const operations = await eventually(
      'the backend segments to join the canary trace',
      async () => {
        const tree = await session.readTrace(traceId);
        const types = findNodes(
          tree,
          (node) => typeof node.document.annotations?.operationType === 'string',
        ).map((node) => node.document.annotations!.operationType);
        return ['LOGIN', 'CREATE_POST', 'GET_FEED', 'LIKE_POST', 'DELETE_POST'].every((type) =>
          types.includes(type),
        )
          ? { tree, types }
          : undefined;
      },
    );
    const [canarySegment] = findNodes(
      operations.tree,
      (node) => node.document.name === CANARY_SEGMENT_NAME,
    );
    expect(canarySegment.document.annotations).toEqual({ synthetic: true });
    expect(
      canarySegment.document.subsegments?.map((s) => s.name) ??
        canarySegment.children.map((c) => c.document.name),
    ).toEqual(
      expect.arrayContaining([
        'sign in',
        'create a post',
        'read the feed',
        'like the post',
        'delete the post',
      ]),
    );
  });

  it('fails with the step and status when the API is not there', async () => {
    const lines: string[] = [];
    const code = await runCanaryCommand(
      ['--api', 'http://127.0.0.1:9', '--daemon', session.cloud.endpoints.daemonAddress],
      (line) => lines.push(line),
      {},
    );
    expect(code).toBe(1);
    expect(lines[0]).toBe('FAIL  sign in: fetch failed');
  });
});
