import { eventually } from '@traced-social/aws-clients/testing';
import type { CloudSession } from '@traced-social/cloud-session';
import type { TraceNode } from '@traced-social/trace-model';

/**
 * A trace read back from the session's collector once it holds a node of every name given (its
 * consumers' segments arrive after the answer that started it).
 */
export function traceHolding(
  session: CloudSession,
  traceId: string,
  ...names: string[]
): Promise<TraceNode[]> {
  return eventually(`trace ${traceId} to hold ${names.join(', ')}`, async () => {
    const tree = await session.readTrace(traceId);
    const text = JSON.stringify(tree);
    return names.every((n) => text.includes(`"name":"${n}"`)) ? tree : undefined;
  });
}
