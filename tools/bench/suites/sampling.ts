/**
 * The cost of the sampling decision per request in the local API Gateway: X-Ray's rule matching
 * (first matching rule by priority, reservoir, fixed rate) over prod's rules for every app, beside
 * what the gateway already does for each request to trace it (the baseline: a new trace id and
 * its `X-Amzn-Trace-Id` header), in one process, rounds interleaved.
 *
 *   npm run bench -- sampling [--rounds=7] [--record]
 */
import { join } from 'node:path';
import type { AppManifest } from '@traced-social/manifest';
import { SamplingRuleStore, type SamplingRequest } from '@traced-social/trace-collector';
import { formatTraceHeader, newTraceId } from '@traced-social/trace-model';
import { apiStageServiceName, SAMPLING_RATES, stageXrayPlan } from '@traced-social/xray-config';
import { flag, numberFlag } from '../lib/args';
import { discoverFunctions } from '../lib/manifests';
import { recordReport } from '../lib/report';
import { formatTable, median } from '../lib/stats';
import { runSuite } from '../lib/suite';

const CALLS = 200_000;

interface BenchRequest {
  method: string;
  path: string;
  sampling: SamplingRequest;
}

function requestsOf(manifests: AppManifest[]): BenchRequest[] {
  return manifests.flatMap((manifest) =>
    manifest.functions.flatMap((fn) => {
      if (fn.trigger.type !== 'api') return [];
      const path = fn.trigger.path.replace(/\{[^}]+\}/g, 'a1b2c3');
      return [
        {
          method: fn.trigger.method,
          path,
          sampling: {
            serviceName: apiStageServiceName('local', manifest.app),
            serviceType: 'AWS::ApiGateway::Stage',
            httpMethod: fn.trigger.method,
            urlPath: path,
            host: '127.0.0.1:3000',
          },
        },
      ];
    }),
  );
}

/** Nanoseconds per request of `work` over the request mix. */
function sample(requests: BenchRequest[], work: (r: BenchRequest) => unknown): number {
  let sink = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) if (work(requests[i % requests.length])) sink++;
  const ns = Number(process.hrtime.bigint() - started) / CALLS;
  if (sink < 0) throw new Error('unreachable');
  return ns;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const rounds = numberFlag(args, 'rounds', 7);
  const record = flag(args, 'record') === 'true';
  const manifests = [
    ...new Map(
      discoverFunctions().map((f) => [
        f.app,
        (require(join(f.appRoot, 'src/manifest.ts')) as { manifest: AppManifest }).manifest,
      ]),
    ).values(),
  ];
  const requests = requestsOf(manifests);
  const plan = stageXrayPlan('local', manifests, SAMPLING_RATES.prod);
  const rules = new SamplingRuleStore();
  plan.samplingRules.forEach((rule) => rules.create({ ...rule }));
  const variants: Array<[string, (r: BenchRequest) => unknown]> = [
    [
      'trace id + header (baseline)',
      () => formatTraceHeader({ root: newTraceId(), sampled: true, extra: [] }),
    ],
    ['sampling decision', (r) => rules.decide(r.sampling).sampled],
  ];
  variants.forEach(([, work]) => sample(requests, work)); // warm-up
  const times = variants.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (const v of order) times[v].push(sample(requests, variants[v][1]));
  }
  const base = median(times[0]);
  const report = [
    `${requests.length} routes of ${manifests.length} apps, ${plan.samplingRules.length} prod sampling rules (+ Default), ${CALLS} requests per sample, ${rounds} rounds, order alternating; medians in nanoseconds per request.`,
    '',
    formatTable(
      ['work per request', 'ns/request', '÷ baseline'],
      variants.map(([name], i) => [
        name,
        median(times[i]).toFixed(0),
        (median(times[i]) / base).toFixed(2),
      ]),
    ),
  ].join('\n');
  console.log(report);
  if (record) {
    await recordReport(
      'sampling',
      'the cost of the sampling decision per request (local API Gateway)',
      report,
    );
  }
}

runSuite(main);
