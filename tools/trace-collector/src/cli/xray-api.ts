import {
  BatchGetTracesCommand,
  GetTraceSummariesCommand,
  XRayClient,
  type Trace,
  type TraceSummary,
} from '@aws-sdk/client-xray';

/** BatchGetTraces takes a handful of ids per call, as in AWS. */
const BATCH = 5;

/**
 * The X-Ray API client of a command: `endpoint`, else $XRAY_ENDPOINT, $AWS_ENDPOINT_URL_XRAY or
 * the local collector.
 */
export function xrayApiClient(endpoint: string | undefined, env: NodeJS.ProcessEnv): XRayClient {
  return new XRayClient({
    endpoint: endpoint ?? env.XRAY_ENDPOINT ?? env.AWS_ENDPOINT_URL_XRAY ?? 'http://127.0.0.1:2000',
    region: env.AWS_REGION ?? 'us-east-1',
    // The local collector does not check credentials; real ones are used when present.
    ...(env.AWS_ACCESS_KEY_ID
      ? {}
      : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  });
}

/** The summaries of the traces of the last `lastSeconds` (matching `filter`), at most `limit`. */
export async function findTraceSummaries(
  client: XRayClient,
  {
    lastSeconds,
    filter,
    limit = Infinity,
  }: { lastSeconds: number; filter?: string; limit?: number },
): Promise<TraceSummary[]> {
  const found: TraceSummary[] = [];
  const endTime = new Date();
  const startTime = new Date(endTime.getTime() - lastSeconds * 1000);
  let token: string | undefined;
  do {
    const page = await client.send(
      new GetTraceSummariesCommand({
        StartTime: startTime,
        EndTime: endTime,
        FilterExpression: filter,
        NextToken: token,
      }),
    );
    found.push(...(page.TraceSummaries ?? []));
    token = page.NextToken;
  } while (token && found.length < limit);
  return found.slice(0, limit);
}

/** The traces of `ids` that the API has, in the order asked for. */
export async function getTraces(client: XRayClient, ids: string[]): Promise<Trace[]> {
  const traces: Trace[] = [];
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    const result = await client.send(new BatchGetTracesCommand({ TraceIds: batch }));
    const byId = new Map(result.Traces?.map((t) => [t.Id, t]));
    // Keep the order asked for (newest first), not the order answered.
    for (const id of batch) {
      const trace = byId.get(id);
      if (trace) traces.push(trace);
    }
  }
  return traces;
}
