import { toWireRootCauses, type WireRootCause } from '../api/xray-shapes';
import type { RootCauses } from '../store/root-causes';
import type { FilterNode, JsonValue } from './ast';

/** Each trace's root causes in API shape, made once per trace on the first `rootcause.json`. */
const wireCache = new WeakMap<RootCauses, WireRootCause[]>();

/**
 * `rootcause.json = #[{ ... }, ...]`: every object of the array is contained in one of the
 * trace's fault, error or response-time root causes, as GetTraceSummaries returns them.
 */
export function matchesRootCauseJson(
  filter: Extract<FilterNode, { kind: 'rootcause-json' }>,
  rootCauses: RootCauses,
): boolean {
  let causes = wireCache.get(rootCauses);
  if (!causes) {
    const wire = toWireRootCauses(rootCauses);
    causes = [...wire.FaultRootCauses, ...wire.ErrorRootCauses, ...wire.ResponseTimeRootCauses];
    wireCache.set(rootCauses, causes);
  }
  const found = filter.patterns.every((pattern) => causes.some((c) => contains(c, pattern)));
  return found === (filter.op === '=');
}

/**
 * Is `pattern` part of `actual`? An object's members must all be in the actual object (which may
 * hold more), an array is a path: same length, each element in order; other values are equal.
 */
export function contains(actual: unknown, pattern: JsonValue): boolean {
  if (Array.isArray(pattern)) {
    return (
      Array.isArray(actual) &&
      actual.length === pattern.length &&
      pattern.every((item, i) => contains(actual[i], item))
    );
  }
  if (typeof pattern === 'object' && pattern !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false;
    const members = actual as Record<string, unknown>;
    return Object.entries(pattern).every(
      ([key, value]) => Object.hasOwn(members, key) && contains(members[key], value),
    );
  }
  return actual === pattern;
}
