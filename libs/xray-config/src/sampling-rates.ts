/** A reservoir (traces per second always recorded) and a fixed rate for the rest. */
export interface SamplingRate {
  reservoirSize: number;
  fixedRate: number;
}

/** How one stage samples the requests of its APIs. */
export interface StageSampling {
  /** Writes (POST, PUT, PATCH, DELETE): the rarer, more interesting requests. */
  writes: SamplingRate;
  /** Reads (GET): frequent; fewer traces tell the same story. */
  reads: SamplingRate;
  /** Per-route overrides for high-traffic routes, keyed `METHOD /path` as in the manifests. */
  routes: Record<string, SamplingRate>;
}

export type SamplingProfile = 'local' | 'dev' | 'prod';

/**
 * The sampling rates of each stage, read by the CDK stacks (dev, prod) and by the local cloud
 * (`npm start` uses `local`: every request; `npm start -- --sampling prod` uses prod's).
 */
export const SAMPLING_RATES: Record<SamplingProfile, StageSampling> = {
  local: {
    writes: { reservoirSize: 1, fixedRate: 1 },
    reads: { reservoirSize: 1, fixedRate: 1 },
    routes: {},
  },
  dev: {
    writes: { reservoirSize: 5, fixedRate: 1 },
    reads: { reservoirSize: 2, fixedRate: 0.5 },
    routes: { 'GET /feed': { reservoirSize: 1, fixedRate: 0.2 } },
  },
  prod: {
    writes: { reservoirSize: 2, fixedRate: 0.1 },
    reads: { reservoirSize: 1, fixedRate: 0.05 },
    routes: { 'GET /feed': { reservoirSize: 1, fixedRate: 0.01 } },
  },
};

export const SAMPLING_PROFILES = Object.keys(SAMPLING_RATES) as SamplingProfile[];
