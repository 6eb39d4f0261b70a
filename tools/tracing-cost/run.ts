/**
 * What tracing costs: traces recorded, retrieved and scanned per month and their price, from a
 * stage's sampling rules (`@traced-social/xray-config`) and a traffic level or mix.
 *
 *   npm run tracing-cost -- --stage prod --rps 50 [--mix mix.json] [--boost-hours 24]
 *     [--retrieved-share 0.01] [--human-scans 1]
 */
import { parseArgs } from 'node:util';
import {
  SAMPLING_PROFILES,
  SAMPLING_RATES,
  stageXrayPlan,
  type SamplingProfile,
} from '@traced-social/xray-config';
import { DEFAULT_ASSUMPTIONS, estimateCost, PRICES } from './src/cost-model';
import { readManifests } from './src/manifests';
import { formatReport } from './src/report';
import { readMixFile, trafficMix } from './src/traffic';

export function tracingCost(argv: string[]): string {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      stage: { type: 'string', default: 'prod' },
      rps: { type: 'string', default: '50' },
      mix: { type: 'string' },
      'boost-hours': { type: 'string' },
      'retrieved-share': { type: 'string' },
      'human-scans': { type: 'string' },
    },
  });
  const stage = values.stage as string;
  if (!(SAMPLING_PROFILES as string[]).includes(stage)) {
    throw new Error(`--stage takes ${SAMPLING_PROFILES.join(', ')}, got "${stage}"`);
  }
  const positive = (flag: string, text: string | undefined, fallback: number) => {
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!(value >= 0) || !Number.isFinite(value))
      throw new Error(`--${flag} must be a number ≥ 0, got "${text}"`);
    return value;
  };
  const rps = positive('rps', values.rps as string, 50);
  const assumptions = {
    ...DEFAULT_ASSUMPTIONS,
    boostHours: positive(
      'boost-hours',
      values['boost-hours'] as string | undefined,
      DEFAULT_ASSUMPTIONS.boostHours,
    ),
    retrievedShare: positive(
      'retrieved-share',
      values['retrieved-share'] as string | undefined,
      DEFAULT_ASSUMPTIONS.retrievedShare,
    ),
    humanScansPerTrace: positive(
      'human-scans',
      values['human-scans'] as string | undefined,
      DEFAULT_ASSUMPTIONS.humanScansPerTrace,
    ),
  };
  const manifests = readManifests();
  const traffic = trafficMix(
    manifests,
    rps,
    values.mix ? readMixFile(values.mix as string) : undefined,
  );
  const { samplingRules } = stageXrayPlan(
    stage,
    manifests,
    SAMPLING_RATES[stage as SamplingProfile],
  );
  const base = estimateCost(stage, manifests, samplingRules, traffic, assumptions, false);
  const boosted = estimateCost(stage, manifests, samplingRules, traffic, assumptions, true);
  return [
    formatReport(
      `Tracing cost of stage ${stage} at ${rps} req/s (${values.mix ? `mix ${values.mix}` : 'spread evenly over every route'})`,
      base,
      boosted,
      `with ${assumptions.boostHours} h/month of one rule boosted to ${assumptions.boostRate * 100} %`,
    ),
    '',
    `Prices (the seed's): $${PRICES.recordedPerMillion} per million recorded, $${PRICES.retrievedOrScannedPerMillion} per million retrieved or scanned; free tier not subtracted.`,
    `Retrieved: ${assumptions.retrievedShare * 100} % of recorded traces opened. Scanned: ${assumptions.humanScansPerTrace} scan(s) per trace by people, plus the sampling controller reading a ${assumptions.controllerWindowSeconds} s window every ${assumptions.controllerPeriodSeconds} s (each trace scanned ${assumptions.controllerWindowSeconds / assumptions.controllerPeriodSeconds} times).`,
    "Not counted: stream consumers' own invocations (their work is in the producer's trace when it is sampled).",
  ].join('\n');
}

if (require.main === module) {
  try {
    console.log(tracingCost(process.argv.slice(2)));
  } catch (error) {
    console.error(`tracing-cost: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
