import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetTraceSummariesCommand, XRayClient } from '@aws-sdk/client-xray';
import { format, resolveConfig } from 'prettier';
import {
  operationLatencies,
  type LatencyFigure,
  type LatencySample,
} from '@traced-social/trace-shapes';

/** The figures an app's trace shapes keep beside them: `apps/<app>/trace-shapes/latency.json`. */
export interface RecordedLatencies {
  /** What produced them (`npm run load: 10000 requests over 4 connections`). */
  source: string;
  operations: LatencyFigure[];
}

const latencyFile = (workspaceRoot: string, app: string): string =>
  join(workspaceRoot, 'apps', app, 'trace-shapes', 'latency.json');

/**
 * Per-operation p50/p99 of the traces that started since `since`, as X-Ray sees them: each
 * trace's response time, grouped by its `operationType` and `Service` annotations.
 */
export async function measureOperationLatencies(
  xray: XRayClient,
  since: Date,
): Promise<LatencyFigure[]> {
  const samples: LatencySample[] = [];
  let NextToken: string | undefined;
  do {
    const page = await xray.send(
      new GetTraceSummariesCommand({ StartTime: since, EndTime: new Date(), NextToken }),
    );
    for (const summary of page.TraceSummaries ?? []) {
      const first = (key: string) => summary.Annotations?.[key]?.[0]?.AnnotationValue?.StringValue;
      const operation = first('operationType');
      if (!operation || summary.ResponseTime === undefined) continue;
      samples.push({ operation, app: first('Service') ?? '', ms: summary.ResponseTime * 1000 });
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return operationLatencies(samples);
}

/** Writes each app's figures beside its trace shapes (apps without a directory are skipped). */
export async function writeRecordedLatencies(
  workspaceRoot: string,
  source: string,
  figures: LatencyFigure[],
): Promise<string[]> {
  const written: string[] = [];
  for (const app of new Set(figures.map((f) => f.app))) {
    if (!existsSync(join(workspaceRoot, 'apps', app))) continue;
    const file = latencyFile(workspaceRoot, app);
    mkdirSync(join(workspaceRoot, 'apps', app, 'trace-shapes'), { recursive: true });
    const recorded: RecordedLatencies = {
      source,
      operations: figures.filter((f) => f.app === app),
    };
    const config = (await resolveConfig(file)) ?? {};
    writeFileSync(
      file,
      await format(JSON.stringify(recorded, null, 2), { ...config, parser: 'json' }),
    );
    written.push(file);
  }
  return written;
}
