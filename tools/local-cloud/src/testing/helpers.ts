import { BatchGetTracesCommand, XRayClient } from '@aws-sdk/client-xray';
import { apiTraceTree, parseTraceHeader, type TraceNode } from '@traced-social/trace-model';
import { LOCAL_CREDENTIALS } from '../emulators/clients';

// One polling helper for every emulator test: the aws-clients test kit's.
export { eventually } from '@traced-social/aws-clients/testing';

/** The trace id of a response's `X-Amzn-Trace-Id` header. */
export function traceIdOf(response: Response): string {
  const header = response.headers.get('x-amzn-trace-id') ?? '';
  const root = parseTraceHeader(header)?.root;
  if (!root) throw new Error(`No trace id in "${header}"`);
  return root;
}

/** Reads a trace back with the real X-Ray client, as a tree (segments under their parents). */
export async function readTraceWithXRay(
  collectorUrl: string,
  traceId: string,
): Promise<TraceNode[]> {
  const client = new XRayClient({
    endpoint: collectorUrl,
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
  });
  try {
    const { Traces } = await client.send(new BatchGetTracesCommand({ TraceIds: [traceId] }));
    return apiTraceTree(Traces?.[0] ?? {});
  } finally {
    client.destroy();
  }
}
