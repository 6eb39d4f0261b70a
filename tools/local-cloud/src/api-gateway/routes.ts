import type { HttpMethod } from '@traced-social/manifest';

export interface Route<T> {
  method: HttpMethod;
  /** Resource path with `{name}` parameters, e.g. `/posts/{postId}`. */
  path: string;
  target: T;
}

export type RouteMatch<T> =
  | { kind: 'found'; route: Route<T>; pathParameters: Record<string, string> }
  | { kind: 'not-found' }
  | { kind: 'method-not-allowed'; allow: HttpMethod[] };

/**
 * Matches request paths to resource paths as API Gateway does: literal segments win over
 * `{parameters}` (compared left to right), parameter values are URL-decoded, a path that exists
 * under another method is a 405 with the methods allowed.
 */
export class RouteTable<T> {
  private routes: Array<Route<T> & { segments: string[] }> = [];

  constructor(routes: Array<Route<T>>) {
    this.replace(routes);
  }

  /** Serves these routes from now on (`npm start` after a manifest changed). */
  replace(routes: Array<Route<T>>): void {
    this.routes = routes.map((r) => ({ ...r, segments: splitPath(r.path) }));
  }

  match(method: string, pathname: string): RouteMatch<T> {
    const segments = splitPath(pathname);
    const candidates = this.routes
      .map((route) => ({ route, params: matchSegments(route.segments, segments) }))
      .filter(
        (c): c is { route: Route<T> & { segments: string[] }; params: Record<string, string> } =>
          c.params !== undefined,
      )
      .sort((a, b) => specificity(b.route.segments).localeCompare(specificity(a.route.segments)));
    if (!candidates.length) return { kind: 'not-found' };
    const best = specificity(candidates[0].route.segments);
    const sameShape = candidates.filter((c) => specificity(c.route.segments) === best);
    const hit = sameShape.find((c) => c.route.method === method);
    if (hit) return { kind: 'found', route: hit.route, pathParameters: hit.params };
    const anyMethod = candidates.find((c) => c.route.method === method);
    if (anyMethod)
      return { kind: 'found', route: anyMethod.route, pathParameters: anyMethod.params };
    return {
      kind: 'method-not-allowed',
      allow: [...new Set(sameShape.map((c) => c.route.method))].sort(),
    };
  }
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function isParameter(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}');
}

/** `1` for a literal segment, `0` for a parameter: sorts literal-first, left to right. */
function specificity(segments: string[]): string {
  return segments.map((s) => (isParameter(s) ? '0' : '1')).join('');
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of pattern.entries()) {
    if (isParameter(segment)) {
      let value: string;
      try {
        value = decodeURIComponent(actual[i]);
      } catch {
        return undefined;
      }
      params[segment.slice(1, -1)] = value;
    } else if (segment !== actual[i]) {
      return undefined;
    }
  }
  return params;
}
