import { failuresOf, renderLoadReport, type LoadOutcome } from './load-report';
import { mixShares, planRequest, REQUEST_MIX, type LoadFixture } from './request-mix';
import { percentile, RouteLatencies } from './route-latencies';

const fixture: LoadFixture = {
  users: [
    { userId: 'u1', token: 't1' },
    { userId: 'u2', token: 't2' },
  ],
  postIds: ['p1', 'p2'],
  celebrity: { userId: 'star', token: 'ts' },
};

describe('load request mix', () => {
  it('chooses each route in proportion to its weight', () => {
    const counts = new Map<string, number>();
    const draws = 10_000;
    for (let i = 0; i < draws; i++) {
      const { route } = planRequest(fixture, (i + 0.5) / draws, () => 0);
      counts.set(route, (counts.get(route) ?? 0) + 1);
    }
    for (const { route, percent } of mixShares()) {
      expect(((counts.get(route) ?? 0) * 100) / draws).toBeCloseTo(percent, 0);
    }
    expect(mixShares().reduce((n, s) => n + s.percent, 0)).toBeCloseTo(100, 6);
  });

  it('plans complete requests from the fixture, with the status a correct answer has', () => {
    const post = planRequest(fixture, 0.9999, () => 0.99);
    expect(post).toEqual({
      route: 'POST /posts',
      method: 'POST',
      path: '/posts',
      token: 't2',
      body: { text: 'Posted under load' },
      expect: 201,
    });
    const feed = planRequest(fixture, 0, () => 0);
    expect(feed).toMatchObject({ route: 'GET /feed', token: 't1', expect: 200 });
    expect(REQUEST_MIX.map((r) => r.route)).toContain('PUT /posts/{postId}/like');
    // The 100k-follower author's posts are sent with the author's token.
    const shares = mixShares();
    const celebrityAt = shares.findIndex((s) => s.route === 'POST /posts (100k-follower author)');
    expect(celebrityAt).toBeGreaterThan(0);
    const celebrityDraw = shares.slice(0, celebrityAt).reduce((n, s) => n + s.percent, 0);
    expect(planRequest(fixture, (celebrityDraw + 0.1) / 100, () => 0)).toMatchObject({
      route: 'POST /posts (100k-follower author)',
      method: 'POST',
      path: '/posts',
      token: 'ts',
      expect: 201,
    });
  });
});

describe('load figures', () => {
  it('computes nearest-rank percentiles per route and counts unexpected statuses', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99)).toBe(10);
    expect(percentile([], 50)).toBe(0);
    const latencies = new RouteLatencies();
    latencies.record('GET /feed', 10, true);
    latencies.record('GET /feed', 30, false);
    latencies.record('POST /posts', 5, true);
    expect(latencies.summary()).toEqual([
      { route: 'GET /feed', count: 2, p50: 10, p99: 30, unexpected: 1 },
      { route: 'POST /posts', count: 1, p50: 5, p99: 5, unexpected: 0 },
    ]);
  });

  it('reports 0 errors only when nothing failed, and renders p50/p99', () => {
    const outcome: LoadOutcome = {
      requests: 100,
      connections: 4,
      durationSeconds: 2,
      throughput: 50,
      p50: 12,
      p99: 80,
      max: 90,
      errors: 0,
      timeouts: 0,
      non2xx: 0,
      routes: [{ route: 'GET /feed', count: 100, p50: 12, p99: 80, unexpected: 0 }],
      setup: { users: 2, follows: 1, posts: 2, celebrityFollowers: 100_000 },
      celebrity: {
        followerCount: 100_000,
        posts: 3,
        newestPostInReaderFeed: true,
        celebrityPostsOnReaderPage: 3,
        feedItems: 40,
        fanFeedItems: 0,
        pendingFanOuts: 0,
      },
      celebrityFailures: [],
    };
    expect(failuresOf(outcome)).toBe(0);
    const report = renderLoadReport(outcome, new Date('2026-11-26T12:00:00Z'));
    expect(report).toContain('| 100 | 0 | 0 | 0 | 12 ms | 80 ms | 90 ms |');
    expect(report).toContain('**0 errors**');
    // An expected 400 (a tampered cursor) is no failure; an unexpected status is.
    expect(failuresOf({ ...outcome, non2xx: 1 })).toBe(0);
    expect(failuresOf({ ...outcome, routes: [{ ...outcome.routes[0], unexpected: 1 }] })).toBe(1);
    expect(renderLoadReport({ ...outcome, timeouts: 2 })).toContain('**2 failures**');
    // What the end of the run read about the 100k-follower author counts too.
    expect(report).toContain("the newest on a follower's first feed page: yes");
    const missing = {
      ...outcome,
      celebrityFailures: ["the author's newest post is not in a feed"],
    };
    expect(failuresOf(missing)).toBe(1);
    expect(renderLoadReport(missing)).toContain(
      "- Failure: the author's newest post is not in a feed",
    );
  });
});
