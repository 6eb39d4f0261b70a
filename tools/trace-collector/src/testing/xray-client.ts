import {
  GetTraceSummariesCommand,
  XRayClient,
  type GetTraceSummariesCommandInput,
  type TraceSummary,
} from '@aws-sdk/client-xray';

/** The real X-Ray client, pointed at a local collector. */
export function localXRayClient(endpoint: string): XRayClient {
  return new XRayClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** Every page of GetTraceSummaries over the last `seconds` (default 10 minutes). */
export async function allSummaries(
  client: XRayClient,
  input: Partial<GetTraceSummariesCommandInput> = {},
  seconds = 600,
): Promise<TraceSummary[]> {
  const found: TraceSummary[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new GetTraceSummariesCommand({
        StartTime: new Date(Date.now() - seconds * 1000),
        EndTime: new Date(Date.now() + 1000),
        ...input,
        NextToken: token,
      }),
    );
    found.push(...(page.TraceSummaries ?? []));
    token = page.NextToken;
  } while (token);
  return found;
}
