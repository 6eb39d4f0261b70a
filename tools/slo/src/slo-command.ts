import { join } from 'node:path';
import type { XRayClient } from '@aws-sdk/client-xray';
import { discoverApps } from '@traced-social/local-cloud';
import { DEFAULT_OBJECTIVES, objectivesOf, type Objectives } from '@traced-social/manifest';
import type { SegmentDocument } from '@traced-social/trace-model';
import {
  findTraceSummaries,
  getTraces,
  parseDurationSeconds,
  defineCommand,
  xrayApiClient,
} from '@traced-social/trace-collector';
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
  const summaries = await findTraceSummaries(client, { lastSeconds: seconds });
  const traces = await getTraces(
    client,
    summaries.map((summary) => summary.Id as string),
  );
  return traces.flatMap((trace) =>
    operationSamples(
      (trace.Segments ?? []).map(
        (segment) => JSON.parse(segment.Document as string) as SegmentDocument,
      ),
      { includeSynthetic },
    ),
  );
}

/** The `slo` command; returns the exit code, output through `out`. */
export const runSloCommand = defineCommand({
  usage: SLO_USAGE,
  options: {
    last: { type: 'string', default: '1h' },
    endpoint: { type: 'string' },
    'include-synthetic': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
  derive: (values) => ({ seconds: parseDurationSeconds(values.last) }),
  async run(options, out, env) {
    const client = xrayApiClient(options.endpoint, env);
    try {
      const samples = await readOperationSamples(
        client,
        options.seconds,
        options['include-synthetic'],
      );
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
  },
});
