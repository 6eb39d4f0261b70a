import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BatchGetTracesCommand, GetTraceSummariesCommand, XRayClient } from '@aws-sdk/client-xray';
import { discoverApps } from '@traced-social/local-cloud';
import { DEFAULT_OBJECTIVES, objectivesOf, type Objectives } from '@traced-social/manifest';
import type { SegmentDocument } from '@traced-social/trace-model';
import { parseDurationSeconds } from '@traced-social/trace-collector';
import { operationSamples, type OperationSample } from './operation-samples';
import { computeSloRows, renderSloTable } from './slo-table';

export const SLO_USAGE = `Usage: npm run slo -- [--last 1h] [--endpoint URL] [--include-synthetic]

Computes each operation's SLIs from the traces of the window (the collector of npm start, or any
X-Ray API): availability (no fault) and latency (at or under the manifest's threshold), against
the objectives declared in the manifests, and how fast each error budget burns.
  --last               time window: 15m, 1h (default), 6h, 1d
  --endpoint           the X-Ray API (default $XRAY_ENDPOINT, $AWS_ENDPOINT_URL_XRAY or http://127.0.0.1:2000)
  --include-synthetic  count canary traffic too (traces annotated synthetic = true)`;

const WORKSPACE_ROOT = join(__dirname, '..', '..', '..');
/** BatchGetTraces takes a handful of ids per call, as in AWS. */
const BATCH = 5;

/** The objectives of every operation type the manifests declare. */
export function manifestObjectives(workspaceRoot = WORKSPACE_ROOT): Map<string, Objectives> {
  return new Map(
    discoverApps(workspaceRoot).flatMap(({ manifest }) =>
      manifest.functions.map((fn) => [fn.operationType, objectivesOf(fn)] as const),
    ),
  );
}

/** Every operation sample of the traces that started in the last `seconds`. */
export async function readOperationSamples(
  client: XRayClient,
  seconds: number,
  includeSynthetic: boolean,
): Promise<OperationSample[]> {
  const endTime = new Date();
  const startTime = new Date(endTime.getTime() - seconds * 1000);
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new GetTraceSummariesCommand({ StartTime: startTime, EndTime: endTime, NextToken: token }),
    );
    ids.push(...(page.TraceSummaries ?? []).map((summary) => summary.Id as string));
    token = page.NextToken;
  } while (token);
  const samples: OperationSample[] = [];
  for (let i = 0; i < ids.length; i += BATCH) {
    const { Traces } = await client.send(
      new BatchGetTracesCommand({ TraceIds: ids.slice(i, i + BATCH) }),
    );
    for (const trace of Traces ?? []) {
      const documents = (trace.Segments ?? []).map(
        (segment) => JSON.parse(segment.Document as string) as SegmentDocument,
      );
      samples.push(...operationSamples(documents, { includeSynthetic }));
    }
  }
  return samples;
}

/** The `slo` command; returns the exit code, output through `out`. */
export async function runSloCommand(
  argv: string[],
  out: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  let options;
  let seconds: number;
  try {
    options = parseArgs({
      args: argv,
      options: {
        last: { type: 'string', default: '1h' },
        endpoint: { type: 'string' },
        'include-synthetic': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
    seconds = parseDurationSeconds(options.last);
  } catch (error) {
    out(`${(error as Error).message}\n\n${SLO_USAGE}`);
    return 2;
  }
  if (options.help) {
    out(SLO_USAGE);
    return 0;
  }
  const client = new XRayClient({
    endpoint:
      options.endpoint ?? env.XRAY_ENDPOINT ?? env.AWS_ENDPOINT_URL_XRAY ?? 'http://127.0.0.1:2000',
    region: env.AWS_REGION ?? 'us-east-1',
    // The local collector does not check credentials; real ones are used when present.
    ...(env.AWS_ACCESS_KEY_ID
      ? {}
      : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  });
  try {
    const samples = await readOperationSamples(client, seconds, options['include-synthetic']);
    if (!samples.length) {
      out(`No traced operations in the last ${options.last}.`);
      return 0;
    }
    const objectives = manifestObjectives();
    const rows = computeSloRows(
      samples,
      (operationType) => objectives.get(operationType) ?? DEFAULT_OBJECTIVES.api,
    );
    out(`SLIs over the last ${options.last} (${samples.length} operations traced):`);
    for (const line of renderSloTable(rows)) out(line);
    out(
      'burn: how fast the error budget goes (1× = exactly the objective; the pager fires at 14.4× over 1 h).',
    );
    return 0;
  } catch (error) {
    out(`${(error as Error).name}: ${(error as Error).message}`);
    return 1;
  } finally {
    client.destroy();
  }
}
