import type { FunctionSpec } from './types';

/**
 * A function's service level objectives: the share of its requests that must succeed, and the
 * share that must finish within a latency threshold, over a rolling 30 days. The CDK stacks alarm
 * on how fast the error budget (100% minus the objective) burns; `npm run slo` computes the same
 * indicators from local traces.
 */
export interface Objectives {
  /** Percentage of requests (invocations, for consumers) that do not fail, e.g. 99.9. */
  availability: number;
  latency: {
    /** Percentage of requests at or under `thresholdMs`, e.g. 99. */
    percent: number;
    thresholdMs: number;
  };
}

/** Declared in a manifest: any part left out inherits the default of the trigger type. */
export interface ObjectivesSpec {
  availability?: number;
  latency?: Partial<Objectives['latency']>;
}

/** Defaults: APIs answer within a second (the "slow request" line); consumers within 30 s. */
export const DEFAULT_OBJECTIVES: Record<'api' | 'async', Objectives> = {
  api: { availability: 99.9, latency: { percent: 99, thresholdMs: 1000 } },
  async: { availability: 99.9, latency: { percent: 99, thresholdMs: 30_000 } },
};

/** The objectives of a function: its manifest's, completed with the defaults; checked. */
export function objectivesOf(fn: FunctionSpec): Objectives {
  const defaults = DEFAULT_OBJECTIVES[fn.trigger.type === 'api' ? 'api' : 'async'];
  const objectives: Objectives = {
    availability: fn.objectives?.availability ?? defaults.availability,
    latency: { ...defaults.latency, ...fn.objectives?.latency },
  };
  for (const [what, percent] of [
    ['availability', objectives.availability],
    ['latency.percent', objectives.latency.percent],
  ] as const) {
    if (!(percent > 0 && percent < 100)) {
      throw new Error(
        `${fn.name}: objectives.${what} must be above 0 and below 100, not ${percent}`,
      );
    }
  }
  if (!(objectives.latency.thresholdMs > 0)) {
    throw new Error(`${fn.name}: objectives.latency.thresholdMs must be positive`);
  }
  return objectives;
}
