import { readFileSync } from 'node:fs';
import type { AppManifest } from '@traced-social/manifest';

/** Requests per second of one API route (`METHOD /path` as in the manifests). */
export type TrafficMix = Record<string, number>;

/** Every API route of the apps, as `METHOD /path`. */
export function apiRouteKeys(manifests: AppManifest[]): string[] {
  return manifests.flatMap((m) =>
    m.functions.flatMap((fn) =>
      fn.trigger.type === 'api' ? [`${fn.trigger.method} ${fn.trigger.path}`] : [],
    ),
  );
}

/**
 * The traffic to estimate: `rps` shared by the routes in proportion to the mix file's weights
 * (`{ "GET /feed": 60, "PUT /posts/{postId}/like": 25, ... }`; routes it leaves out get none),
 * or evenly over every route without one. An unknown route in the file is an error.
 */
export function trafficMix(
  manifests: AppManifest[],
  rps: number,
  weights?: Record<string, number>,
): TrafficMix {
  const routes = apiRouteKeys(manifests);
  const given = weights ?? Object.fromEntries(routes.map((r) => [r, 1]));
  const unknown = Object.keys(given).filter((r) => !routes.includes(r));
  if (unknown.length) {
    throw new Error(`the mix names routes no app serves: ${unknown.join(', ')}`);
  }
  const total = Object.values(given).reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new Error('the mix needs at least one route with a positive weight');
  return Object.fromEntries(Object.entries(given).map(([route, w]) => [route, (rps * w) / total]));
}

export function readMixFile(file: string): Record<string, number> {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    !Object.values(parsed).every((v) => typeof v === 'number' && v >= 0)
  ) {
    throw new Error(`${file} must map "METHOD /path" to non-negative weights`);
  }
  return parsed as Record<string, number>;
}
