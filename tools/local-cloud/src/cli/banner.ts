import type { LocalCloud } from '../local-cloud';

/** The start-up banner: every URL and port, what is served, and how to stop. */
export function banner(cloud: LocalCloud): string {
  const e = cloud.endpoints;
  const row = (label: string, value: string, note = ''): string =>
    `  ${label.padEnd(14)} ${value.padEnd(34)} ${note}`.trimEnd();
  const routes = cloud.routes.map(
    (r) => `    ${r.method.padEnd(7)} ${r.path.padEnd(40)} ${r.functionName}`,
  );
  const sources = cloud.eventSources.map((s) => `    ${s.source.padEnd(48)} → ${s.functionName}`);
  return [
    '',
    `Traced Social local cloud is up: ${cloud.functions.size} functions`,
    '',
    row('API', e.api),
    row('Trace viewer', e.collector, '(X-Ray API on the same URL)'),
    row('X-Ray daemon', `udp://${e.daemonAddress}`),
    row('OTLP/HTTP', e.otlpTraces, '(traces from OpenTelemetry SDKs; also on the viewer URL)'),
    row('OTLP/gRPC', e.otlpGrpc, '(the same, from gRPC exporters)'),
    row('DynamoDB', e.dynamodb),
    row('Kinesis', e.kinesis),
    row('S3', e.s3),
    row('Secrets', e.secretsManager, '(Secrets Manager: access-token keys)'),
    row('Redis', e.redis, `(${cloud.redisSource})`),
    row('Data', cloud.dataDir, '(npm start -- --reset wipes it)'),
    '',
    `  Routes (${routes.length})`,
    ...(routes.length ? routes : ['    none: add an app under apps/ with src/manifest.ts']),
    `  Event sources (${sources.length})`,
    ...(sources.length ? sources : ['    none']),
    '',
    'Ready. Ctrl-C stops everything.',
    '',
  ].join('\n');
}
