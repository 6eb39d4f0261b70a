import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { newSegmentId, type SegmentDocument } from '@traced-social/trace-model';
import { startCollector, type Collector } from '../collector';
import { sampleTrace, type SampleTrace } from '../testing';
import { openViewerSession, type ViewerSession } from '../testing/launch-chromium';

/**
 * The screenshots go to a temporary folder, so a test run leaves the work tree clean;
 * `UPDATE_SCREENSHOTS=1` writes them to docs/screenshots (the README's pictures).
 */
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS
  ? join(__dirname, '../../../../docs/screenshots')
  : join(tmpdir(), 'trace-collector-screenshots');
const SCREENSHOT = join(SCREENSHOTS, 'trace-waterfall.png');

/** A create-post request with the subsegments the observability lib records around the store. */
function createPostTrace(): SampleTrace & { extra: SegmentDocument[] } {
  const trace = sampleTrace({
    responseTime: 0.184,
    annotations: { operationType: 'CREATE_POST', userId: 'user-123', cacheHit: false },
  });
  const start = trace.handler.start_time;
  const sub = (name: string, from: number, to: number, more: Partial<SegmentDocument> = {}) => ({
    id: newSegmentId(),
    trace_id: trace.traceId,
    parent_id: trace.handler.id,
    type: 'subsegment' as const,
    name,
    start_time: start + from,
    end_time: start + to,
    ...more,
  });
  const extra: SegmentDocument[] = [
    sub('### validateInput', 0.001, 0.004, { metadata: { posts: { input: { length: 42 } } } }),
    sub('Redis', 0.034, 0.041, { namespace: 'remote', annotations: { cacheHit: false } }),
    sub('Kinesis', 0.05, 0.071, {
      namespace: 'aws',
      aws: { operation: 'PutRecord', stream_name: 'events' },
      http: { response: { status: 200 } },
    }),
    sub('### fanOut', 0.072, 0.168, {
      error: true,
      cause: { exceptions: [{ message: 'feed of user-9 is full', type: 'FeedFullError' }] },
    }),
  ];
  return { ...trace, extra };
}

jest.setTimeout(90_000);

describe('trace viewer in a real browser', () => {
  let collector: Collector;
  let session: ViewerSession | undefined;
  let page: Page;
  let createPost: ReturnType<typeof createPostTrace>;
  let failing: SampleTrace;

  beforeAll(async () => {
    collector = await startCollector({ port: 0 });
    collector.groups.create({ GroupName: 'local-errors', FilterExpression: 'error OR fault' });
    const now = Date.now() / 1000;
    // 150 ordinary traces, so the list pages; then the two this test looks at.
    for (let i = 0; i < 150; i++) {
      sampleTrace({
        start: now - 60 + i * 0.1,
        functionName: 'feed-get',
        method: 'GET',
        url: 'http://127.0.0.1:3000/feed',
      }).documents.forEach((d) => collector.ingest(d));
    }
    failing = sampleTrace({
      start: now - 1,
      status: 500,
      functionName: 'posts-delete',
      dynamoFault: true,
    });
    createPost = createPostTrace();
    for (const document of [...failing.documents, ...createPost.documents, ...createPost.extra]) {
      expect(collector.ingest(document).ok).toBe(true);
    }
    session = await openViewerSession(collector);
    page = session.page;
  }, 120_000);

  // A failed seed leaves no session: the collector is closed alone.
  afterAll(() => (session ? session.close() : collector?.close()));

  it('lists recent traces, a page at a time', async () => {
    await page.goto(collector.url);
    await page.locator('#traces tbody tr').nth(99).waitFor();
    expect(await page.locator('#traces tbody tr').count()).toBe(100);
    expect(await page.locator('#traces tbody tr').first().getAttribute('data-trace-id')).toBe(
      createPost.traceId,
    );
    await page.click('#load-more');
    await page.locator('#traces tbody tr').nth(151).waitFor();
    expect(await page.locator('#traces tbody tr').count()).toBe(152);
    await page.locator('#stats', { hasText: '152 traces held' }).waitFor();
  });

  it('filters with X-Ray filter expressions and shows syntax errors', async () => {
    await page.fill('#filter', 'annotation.cache.hit = false');
    await page.click('#filter-form button[type=submit]');
    await page.locator('#filter-error', { hasText: 'position 12' }).waitFor();

    await page.fill('#filter', 'fault OR annotation.operationType = "CREATE_POST"');
    await page.click('#filter-form button[type=submit]');
    await page.locator('#trace-count', { hasText: /^2 traces/ }).waitFor();
    expect(await page.locator('#filter-error').textContent()).toBe('');
    const ids = await page
      .locator('#traces tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-trace-id')));
    expect(ids).toEqual([createPost.traceId, failing.traceId]);
    expect(
      await page.locator(`tr[data-trace-id="${failing.traceId}"] .badge`).getAttribute('class'),
    ).toBe('badge fault');
    await page.screenshot({ path: join(SCREENSHOTS, 'trace-list.png') });
  });

  it('offers the X-Ray groups as saved filters', async () => {
    await page.locator('#saved-filters option', { hasText: 'local-errors' }).waitFor({
      state: 'attached',
    });
    await page.selectOption('#saved-filters', 'group.name = "local-errors"');
    await page.locator('#trace-count', { hasText: /^1 trace/ }).waitFor();
    expect(await page.inputValue('#filter')).toBe('group.name = "local-errors"');
    const ids = await page
      .locator('#traces tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-trace-id')));
    expect(ids).toEqual([failing.traceId]);
    // Back to the list the next steps read.
    await page.fill('#filter', 'fault OR annotation.operationType = "CREATE_POST"');
    await page.click('#filter-form button[type=submit]');
    await page.locator('#trace-count', { hasText: /^2 traces/ }).waitFor();
  });

  it('opens a trace as a waterfall of nested bars, with details on click', async () => {
    await page.click(`tr[data-trace-id="${createPost.traceId}"]`);
    await page.locator('#waterfall .wf-row').first().waitFor();
    const rows = await page
      .locator('#waterfall .wf-row')
      .evaluateAll((elements) =>
        elements.map(
          (e) =>
            `${e.getAttribute('data-depth')} ${e.getAttribute('data-name')} ${e.getAttribute('data-status')}`,
        ),
      );
    expect(rows).toEqual([
      '0 traced-social-api/local ok',
      '1 posts-create ok',
      '2 posts-create ok',
      '3 ## index.handler ok',
      '4 ### validateInput ok',
      '4 DynamoDB ok',
      '4 Redis ok',
      '4 Kinesis ok',
      '4 ### fanOut error',
    ]);
    // Bars sit on one time axis: the root spans it, children start later and end sooner.
    const box = async (name: string) =>
      page.locator(`.wf-row[data-name="${name}"] .wf-bar`).boundingBox();
    const root = (await box('traced-social-api/local'))!;
    const kinesis = (await box('Kinesis'))!;
    expect(kinesis.x).toBeGreaterThan(root.x);
    expect(kinesis.x + kinesis.width).toBeLessThan(root.x + root.width);

    await page.click('.wf-row[data-name="### fanOut"]');
    await page
      .locator('#details pre[data-section="cause"]', { hasText: 'feed of user-9 is full' })
      .waitFor();
    await page.click('.wf-row[data-name="## index.handler"]');
    await page
      .locator('#details pre[data-section="annotations"]', {
        hasText: '"operationType": "CREATE_POST"',
      })
      .waitFor();
    await page.locator('#details pre[data-section="metadata"]').waitFor();
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
  });

  it('colours a faulted trace', async () => {
    await page.goto(`${collector.url}/#/trace/${failing.traceId}`);
    await page.locator('.wf-row[data-name="DynamoDB"]').waitFor();
    expect(await page.locator('.wf-row[data-name="DynamoDB"]').getAttribute('data-status')).toBe(
      'fault',
    );
    expect(await page.locator('.wf-row[data-name="DynamoDB"] .wf-bar').getAttribute('class')).toBe(
      'wf-bar fault',
    );
  });

  it('draws the service map', async () => {
    await page.click('#nav-map');
    await page.locator('#service-map g.node').first().waitFor();
    const services = await page
      .locator('#service-map g.node')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-service')));
    expect(new Set(services)).toEqual(
      new Set([
        'traced-social-api/local',
        'feed-get',
        'posts-delete',
        'posts-create',
        'DynamoDB',
        'Redis',
        'Kinesis',
      ]),
    );
    expect(await page.locator('#service-map path.edge').count()).toBeGreaterThanOrEqual(8);
    expect(await page.locator('#service-map g.node.fault[data-service="DynamoDB"]').count()).toBe(
      1,
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'service-map.png') });
  });
});
