import { randomUUID } from 'node:crypto';
import { PutTraceSegmentsCommand, XRayClient } from '@aws-sdk/client-xray';
import { eventually } from '@traced-social/aws-clients/testing';
import { startCloudSession, uniqueUser, type CloudSession } from '@traced-social/cloud-session';
import { newSegmentId, newTraceId, type SegmentDocument } from '@traced-social/trace-model';
import { readOperationSamples, runSloCommand } from './slo-command';

jest.setTimeout(180_000);

/**
 * `npm run slo` against the local cloud: real requests through the posts app are traced by the
 * collector; the command reads them back over the X-Ray API and prints each operation's SLIs.
 */
describe('npm run slo against the local cloud', () => {
  let session: CloudSession;
  let xray: XRayClient;
  const author = uniqueUser('author');

  const run = async (...args: string[]) => {
    const lines: string[] = [];
    const code = await runSloCommand(
      [...args, '--endpoint', session.cloud.endpoints.collector],
      (line) => lines.push(line),
      {},
    );
    return { code, lines };
  };
  const rowOf = (lines: string[], operation: string) =>
    lines.find((line) => line.startsWith(`${operation} `))?.split(/\s{2,}/);

  beforeAll(async () => {
    session = await startCloudSession({ apps: ['posts'] });
    xray = new XRayClient({
      endpoint: session.cloud.endpoints.collector,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const token = await session.tokenFor(author);
    const postId = await session.seedPost({ authorId: author.userId });
    for (let i = 0; i < 3; i++) {
      expect((await session.api('GET', `/posts/${postId}`, { token })).status).toBe(200);
    }
    // A 404 is the caller's mistake, not the service failing: it stays "available".
    expect((await session.api('GET', `/posts/${randomUUID()}`, { token })).status).toBe(404);
    // A canary's failed GET_POST, annotated synthetic = true on its own segment.
    const now = Date.now() / 1000;
    const canary: SegmentDocument = {
      name: 'traced-social-canary',
      id: newSegmentId(),
      trace_id: newTraceId(),
      start_time: now - 0.2,
      end_time: now,
      annotations: { synthetic: true, operationType: 'GET_POST' },
      fault: true,
    };
    await xray.send(
      new PutTraceSegmentsCommand({ TraceSegmentDocuments: [JSON.stringify(canary)] }),
    );
    await eventually('the five GET_POST samples to be traced', async () => {
      const samples = await readOperationSamples(xray, 3600, true);
      return samples.filter((s) => s.operationType === 'GET_POST').length >= 5
        ? samples
        : undefined;
    });
  });
  afterAll(async () => {
    xray?.destroy();
    await session?.stop();
  });

  it("prints each operation's availability and latency against its manifest objectives", async () => {
    const { code, lines } = await run('--last', '1h');
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/^SLIs over the last 1h \(\d+ operations traced\):$/);
    expect(lines[1].split(/\s{2,}/)).toEqual([
      'operation',
      'requests',
      'availability',
      'objective',
      'burn',
      'latency ≤ threshold',
      'objective',
      'burn',
    ]);
    // The canary's synthetic failure is left out: four real requests, none failed.
    expect(rowOf(lines, 'GET_POST')).toEqual([
      'GET_POST',
      '4',
      '100.00%',
      '99.9%',
      '0.0×',
      expect.stringMatching(/^\d+\.\d\d% ≤ 1000 ms$/),
      '99%',
      expect.stringMatching(/^\d+\.\d×$/),
    ]);
  });

  it('counts canary traffic when asked, and its failure burns the availability budget', async () => {
    const { lines } = await run('--last', '1h', '--include-synthetic');
    const row = rowOf(lines, 'GET_POST')!;
    expect(row.slice(0, 5)).toEqual(['GET_POST', '5', '80.00%', '99.9%', '200.0×']);
  });

  it('refuses a window it cannot read', async () => {
    const { code, lines } = await run('--last', 'an hour');
    expect(code).toBe(2);
    expect(lines[0]).toContain('"an hour" is not a duration like 90s, 5m, 2h or 1d');
  });
});
