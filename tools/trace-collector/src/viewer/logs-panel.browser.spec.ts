import type { Page } from 'playwright-core';
import { newSegmentId } from '@traced-social/trace-model';
import { startCollector, type Collector } from '../collector';
import { sampleTrace, type SampleTrace } from '../testing';
import { openViewerSession, type ViewerSession } from '../testing/launch-chromium';

jest.setTimeout(90_000);

/** A JSON line as the observability logger writes it (Powertools Logger). */
const logLine = (traceId: string, level: string, message: string, extra = {}): string =>
  JSON.stringify({
    level,
    message,
    timestamp: new Date().toISOString(),
    service: 'posts',
    operationType: 'CREATE_POST',
    xray_trace_id: traceId,
    ...extra,
  });

describe("trace viewer: a trace's log lines under its waterfall, the service map on its page", () => {
  let collector: Collector;
  let session: ViewerSession | undefined;
  let page: Page;
  let logged: SampleTrace;
  let other: SampleTrace;
  let silent: SampleTrace;
  /** The Kinesis consumer invocation whose record processing sits in `other`'s trace. */
  let consumer: SampleTrace;

  beforeAll(async () => {
    collector = await startCollector({ port: 0 });
    const now = Date.now() / 1000;
    logged = sampleTrace({ start: now - 3, functionName: 'posts-create' });
    other = sampleTrace({
      start: now - 2,
      functionName: 'feed-get',
      status: 500,
      dynamoFault: true,
    });
    silent = sampleTrace({ start: now - 1, functionName: 'likes-like', method: 'PUT' });
    consumer = sampleTrace({ start: now - 1.5, functionName: 'feed-fan-out' });
    // The consumer's record processing in the producer's trace names the consumer's own trace.
    const processing = {
      id: newSegmentId(),
      trace_id: other.traceId,
      parent_id: other.handler.id,
      type: 'subsegment' as const,
      name: 'Kinesis Consumer',
      start_time: now - 1.9,
      end_time: now - 1.8,
      metadata: { feed: { consumerTrace: { root: consumer.traceId, sampled: true } } },
    };
    expect(collector.ingest(processing).ok).toBe(true);
    for (const trace of [logged, other, silent, consumer]) {
      trace.documents.forEach((document) => expect(collector.ingest(document).ok).toBe(true));
    }
    collector.logs.add(
      'posts-create',
      logLine(logged.traceId, 'INFO', 'post created', { postId: 'p-1' }),
    );
    collector.logs.add('posts-create', logLine(logged.traceId, 'WARN', 'image type unusual'));
    collector.logs.add('feed-get', logLine(other.traceId, 'ERROR', 'Invocation failed'));
    collector.logs.add('feed-fan-out', logLine(consumer.traceId, 'INFO', 'fanned out to 3 feeds'));
    session = await openViewerSession(collector);
    page = session.page;
  }, 120_000);

  // A failed seed leaves no session: the collector is closed alone.
  afterAll(() => (session ? session.close() : collector?.close()));

  it("lists the trace's own log lines under the waterfall, each with its level and function", async () => {
    await page.goto(`${collector.url}/#/trace/${logged.traceId}`);
    await page.locator('#waterfall .wf-row').first().waitFor();
    await page.locator('#logs .log-line').nth(1).waitFor();
    const lines = await page.locator('#logs .log-line').evaluateAll((items) =>
      items.map((item) => ({
        level: item.getAttribute('data-level'),
        fn: item.querySelector('.log-function')?.textContent,
        message: item.querySelector('.log-message')?.textContent,
      })),
    );
    expect(lines).toEqual([
      { level: 'INFO', fn: 'posts-create', message: 'post created' },
      { level: 'WARN', fn: 'posts-create', message: 'image type unusual' },
    ]);
    await expect(page.locator('#logs h3').textContent()).resolves.toBe('Logs (2)');
    // The whole line is a hover away: its other keys (postId) included.
    expect(
      JSON.parse((await page.locator('#logs .log-line').first().getAttribute('title')) ?? ''),
    ).toMatchObject({ postId: 'p-1' });
    // The panel sits under the waterfall.
    const waterfall = await page.locator('#waterfall').boundingBox();
    const logs = await page.locator('#logs').boundingBox();
    expect(logs && waterfall && logs.y >= waterfall.y + waterfall.height).toBe(true);
  });

  it("shows the lines of the traces it links to (a consumer's), each linking to its own trace", async () => {
    await page.goto(`${collector.url}/#/trace/${other.traceId}`);
    await page.locator('#logs .log-line').nth(1).waitFor();
    const lines = page.locator('#logs .log-line');
    expect(await lines.locator('.log-message').allTextContents()).toEqual([
      'Invocation failed',
      'fanned out to 3 feeds',
    ]);
    expect(
      await lines
        .locator('a.log-trace')
        .evaluateAll((links) => links.map((a) => a.getAttribute('href'))),
    ).toEqual([`#/trace/${other.traceId}`, `#/trace/${consumer.traceId}`]);
    await lines.nth(1).locator('a.log-trace').click();
    await page.locator('#trace-id', { hasText: consumer.traceId }).waitFor();
    await page.locator('#logs .log-line').first().waitFor();
    expect(await page.locator('#logs .log-line .log-function').allTextContents()).toEqual([
      'feed-fan-out',
    ]);
  });

  it('says so when no log line names the trace', async () => {
    await page.goto(`${collector.url}/#/trace/${silent.traceId}`);
    await page.locator('#logs-empty').waitFor();
    expect(await page.locator('#logs .log-line').count()).toBe(0);
  });

  it('fits the service map in its page, however narrow the window', async () => {
    await page.setViewportSize({ width: 640, height: 720 });
    await page.goto(`${collector.url}/#/map`);
    await page.locator('#service-map g.node').first().waitFor();
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    // Drawn wider than the window (its width attribute), shown within it.
    expect(Number(await page.locator('#service-map').getAttribute('width'))).toBeGreaterThan(
      clientWidth,
    );
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    const map = await page.locator('#service-map').boundingBox();
    expect(map && map.x + map.width).toBeLessThanOrEqual(clientWidth);
  });
});
