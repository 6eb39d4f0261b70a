/**
 * The load's request mix: what a social app's clients do most (read feeds), then likes, then
 * the rest. Pure: a route is chosen by a number in [0, 1), so the mix is testable.
 */
export interface LoadFixture {
  users: Array<{ userId: string; token: string }>;
  postIds: string[];
}

export interface PlannedRequest {
  route: string;
  method: string;
  path: string;
  token: string;
  body?: unknown;
  /** The status a correct answer has. */
  expect: number;
}

interface RouteSpec {
  route: string;
  weight: number;
  plan(fixture: LoadFixture, pick: <T>(items: T[]) => T): Omit<PlannedRequest, 'route'>;
}

export const REQUEST_MIX: RouteSpec[] = [
  {
    route: 'GET /feed',
    weight: 55,
    plan: (f, pick) => ({
      method: 'GET',
      path: '/feed?limit=20',
      token: pick(f.users).token,
      expect: 200,
    }),
  },
  {
    route: 'GET /posts/{postId}/likes',
    weight: 15,
    plan: (f, pick) => ({
      method: 'GET',
      path: `/posts/${pick(f.postIds)}/likes`,
      token: pick(f.users).token,
      expect: 200,
    }),
  },
  {
    route: 'PUT /posts/{postId}/like',
    weight: 10,
    plan: (f, pick) => ({
      method: 'PUT',
      path: `/posts/${pick(f.postIds)}/like`,
      token: pick(f.users).token,
      expect: 200,
    }),
  },
  {
    route: 'DELETE /posts/{postId}/like',
    weight: 4,
    plan: (f, pick) => ({
      method: 'DELETE',
      path: `/posts/${pick(f.postIds)}/like`,
      token: pick(f.users).token,
      expect: 200,
    }),
  },
  {
    route: 'GET /notifications',
    weight: 8,
    plan: (f, pick) => ({
      method: 'GET',
      path: '/notifications',
      token: pick(f.users).token,
      expect: 200,
    }),
  },
  {
    route: 'GET /posts/{postId}',
    weight: 5,
    plan: (f, pick) => ({
      method: 'GET',
      path: `/posts/${pick(f.postIds)}`,
      token: pick(f.users).token,
      expect: 200,
    }),
  },
  {
    route: 'POST /posts',
    weight: 3,
    plan: (f, pick) => ({
      method: 'POST',
      path: '/posts',
      token: pick(f.users).token,
      body: { text: 'Posted under load' },
      expect: 201,
    }),
  },
];

const TOTAL_WEIGHT = REQUEST_MIX.reduce((n, r) => n + r.weight, 0);

/** The request for a draw `r` in [0, 1) (and a source of further draws for its details). */
export function planRequest(
  fixture: LoadFixture,
  r: number,
  random: () => number = Math.random,
): PlannedRequest {
  let threshold = r * TOTAL_WEIGHT;
  const spec = REQUEST_MIX.find((route) => (threshold -= route.weight) < 0) ?? REQUEST_MIX[0];
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
  return { route: spec.route, ...spec.plan(fixture, pick) };
}

/** Each route's share of the mix, in percent. */
export function mixShares(): Array<{ route: string; percent: number }> {
  return REQUEST_MIX.map((r) => ({ route: r.route, percent: (100 * r.weight) / TOTAL_WEIGHT }));
}
