/**
 * How the sampling controller behaves. Defaults are for production (a run every minute); every
 * value can be set through the function's environment (`SAMPLING_<NAME>`), which is how tests run
 * the whole loop in seconds. Why these defaults: docs/decisions/1501.
 */
export interface ControllerConfig {
  /** Traces of the last this many seconds estimate a rule's failure rate. */
  windowSeconds: number;
  /** Fewer sampled traces than this in the window: no estimate, no change. */
  minTraces: number;
  /** Boost when the share of faults (5xx) among a rule's sampled traces reaches this... */
  faultRateThreshold: number;
  /** ...or the share of errors (4xx, throttles included) reaches this. */
  errorRateThreshold: number;
  /** Hysteresis: decay only once both shares are below this fraction of their threshold. */
  recoverFraction: number;
  /** The fixed rate a boosted rule gets (never below its base rate). */
  boostRate: number;
  /** At most this many rules boosted at once (the most failing first). */
  maxBoostedRules: number;
  /** A change stands at least this long before the next one (boost to first decay, between decays). */
  cooldownSeconds: number;
  /** Each decay step keeps this share of the boost above the base rate. */
  decayFactor: number;
  /** A boost is ended (back to base) this long after its last change, whatever the rates. */
  maxBoostSeconds: number;
  /** Trace summaries read per run at most (pages of 100), so a run stays bounded. */
  maxTracesPerRun: number;
}

export const DEFAULT_CONTROLLER_CONFIG: ControllerConfig = {
  windowSeconds: 300,
  minTraces: 20,
  faultRateThreshold: 0.05,
  errorRateThreshold: 0.25,
  recoverFraction: 0.5,
  boostRate: 0.5,
  maxBoostedRules: 3,
  cooldownSeconds: 600,
  decayFactor: 0.5,
  maxBoostSeconds: 3600,
  maxTracesPerRun: 5000,
};

const ENV_NAMES: Record<keyof ControllerConfig, string> = {
  windowSeconds: 'SAMPLING_WINDOW_SECONDS',
  minTraces: 'SAMPLING_MIN_TRACES',
  faultRateThreshold: 'SAMPLING_FAULT_RATE_THRESHOLD',
  errorRateThreshold: 'SAMPLING_ERROR_RATE_THRESHOLD',
  recoverFraction: 'SAMPLING_RECOVER_FRACTION',
  boostRate: 'SAMPLING_BOOST_RATE',
  maxBoostedRules: 'SAMPLING_MAX_BOOSTED_RULES',
  cooldownSeconds: 'SAMPLING_COOLDOWN_SECONDS',
  decayFactor: 'SAMPLING_DECAY_FACTOR',
  maxBoostSeconds: 'SAMPLING_MAX_BOOST_SECONDS',
  maxTracesPerRun: 'SAMPLING_MAX_TRACES_PER_RUN',
};

/** Shares are 0–1; counts and durations are positive. */
const SHARES = new Set<keyof ControllerConfig>([
  'faultRateThreshold',
  'errorRateThreshold',
  'recoverFraction',
  'boostRate',
  'decayFactor',
]);

/** The configuration from the environment over the defaults; a bad value names its variable. */
export function readControllerConfig(env: NodeJS.ProcessEnv): ControllerConfig {
  const config = { ...DEFAULT_CONTROLLER_CONFIG };
  for (const key of Object.keys(ENV_NAMES) as Array<keyof ControllerConfig>) {
    const text = env[ENV_NAMES[key]];
    if (text === undefined || text === '') continue;
    const value = Number(text);
    const valid = SHARES.has(key) ? value >= 0 && value <= 1 : Number.isFinite(value) && value > 0;
    if (!valid) {
      throw new Error(
        `${ENV_NAMES[key]} must be ${SHARES.has(key) ? 'a share from 0 to 1' : 'a positive number'}, got "${text}"`,
      );
    }
    config[key] = value;
  }
  return config;
}
