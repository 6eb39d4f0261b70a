/**
 * The load's request mix: what a social app's clients do most (read feeds), then likes, then
 * the rest, with a hostile share (follow/unfollow and like/unlike loops, retried creates,
 * tampered cursors, an author with 100,000 followers posting). Pure: a route is chosen by a number in [0, 1), so the mix is testable.
 */
export interface LoadFixture {
  users: Array<{ userId: string; token: string }>;
  postIds: string[];
  /** The author with 100,000 followers (every user among them), posting during the run. */
  celebrity: { userId: string; token: string };
}

export interface PlannedRequest {
  route: string;
  method: string;
  path: string;
  token: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** The status a correct answer has. */
  expect: number;
  /** Other statuses a correct answer may have (a retry racing its first attempt: 409). */
  alsoAccepted?: number[];
}

/** Whether `status` is a correct answer to `planned`. */
export const isExpectedStatus = (planned: PlannedRequest, status: number): boolean =>
  status === planned.expect || (planned.alsoAccepted ?? []).includes(status);

/**
 * Cursors of the caller's own list with the wrong key types or attributes: what a client that
 * tampers with its cursor sends (decision 1403's probes). Every one must be a 400.
 */
function tamperedCursor(userId: string, pick: <T>(items: T[]) => T): string {
  const pk = `USER#${userId}`;
  const key = pick<unknown>([
    { pk, sk: 7 },
    { pk, sk: { S: 'NOTIF#x' } },
    { pk, sk: null },
    { pk },
    { pk, sk: 'NOTIF#x', extra: 1 },
    [pk],
  ]);
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

interface RouteSpec {
  route: string;
  weight: number;
  plan(fixture: LoadFixture, pick: <T>(items: T[]) => T): Omit<PlannedRequest, 'route'>;
}

type Draw = <T>(items: T[]) => T;

/**
 * A route any signed-in user calls: its method from the route name, the path drawn first, then
 * the caller (a random user), and the one status a correct answer has.
 */
function signedInRoute(
  route: string,
  weight: number,
  path: (fixture: LoadFixture, pick: Draw) => string,
  expect: number,
): RouteSpec {
  const method = route.split(' ')[0];
  return {
    route,
    weight,
    plan: (f, pick) => ({ method, path: path(f, pick), token: pick(f.users).token, expect }),
  };
}

export const REQUEST_MIX: RouteSpec[] = [
  signedInRoute('GET /feed', 55, () => '/feed?limit=20', 200),
  signedInRoute(
    'GET /posts/{postId}/likes',
    15,
    (f, pick) => `/posts/${pick(f.postIds)}/likes`,
    200,
  ),
  signedInRoute('PUT /posts/{postId}/like', 10, (f, pick) => `/posts/${pick(f.postIds)}/like`, 200),
  signedInRoute(
    'DELETE /posts/{postId}/like',
    4,
    (f, pick) => `/posts/${pick(f.postIds)}/like`,
    200,
  ),
  signedInRoute('GET /notifications', 8, () => '/notifications', 200),
  signedInRoute('GET /posts/{postId}', 5, (f, pick) => `/posts/${pick(f.postIds)}`, 200),
  // The hostile part of the mix (issue 14): follow/unfollow loops, retried creates with an
  // Idempotency-Key, tampered cursors, an author every user follows, with 100,000 followers.
  {
    route: 'POST /profiles/{userId}/follow',
    weight: 3,
    plan: (f, pick) => ({
      method: 'POST',
      path: `/profiles/${pick(f.users).userId}/follow`,
      token: pick(f.users).token,
      expect: 200,
      // Following yourself: the draw picked the same user twice.
      alsoAccepted: [400],
    }),
  },
  signedInRoute(
    'DELETE /profiles/{userId}/follow',
    3,
    (f, pick) => `/profiles/${pick(f.users).userId}/follow`,
    204,
  ),
  {
    route: 'POST /posts (Idempotency-Key retry)',
    weight: 2,
    plan: (f, pick) => {
      const user = pick(f.users);
      // A few keys per user, each always with its own body: most requests are retries.
      const key = `load-retry-${user.userId}-${pick([0, 1, 2])}`;
      return {
        method: 'POST',
        path: '/posts',
        token: user.token,
        body: { text: `Retried post ${key}` },
        headers: { 'Idempotency-Key': key },
        expect: 201,
        // A retry sent while its first attempt is still running.
        alsoAccepted: [409],
      };
    },
  },
  {
    route: 'GET /notifications (tampered cursor)',
    weight: 2,
    plan: (f, pick) => {
      const user = pick(f.users);
      return {
        method: 'GET',
        path: `/notifications?cursor=${tamperedCursor(user.userId, pick)}`,
        token: user.token,
        expect: 400,
      };
    },
  },
  {
    route: 'POST /posts (100k-follower author)',
    weight: 1,
    plan: (f) => ({
      method: 'POST',
      path: '/posts',
      token: f.celebrity.token,
      body: { text: 'Posted to 100,000 followers' },
      expect: 201,
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
