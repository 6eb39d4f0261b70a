import { createSocket, type Socket } from 'node:dgram';
import {
  buildTraceTree,
  parseDaemonDatagram,
  TraceAssembler,
  type SegmentDocument,
  type TraceNode,
} from '@traced-social/trace-model';
import { startOtlpReceiver } from './otlp-receiver';

export interface WaitForTraceOptions {
  /** Resolve only once at least this many documents of the trace arrived (default 1). */
  minDocuments?: number;
  /** ...and no new document arrived for this long (default 200 ms). */
  quietMs?: number;
  /** Reject after this long (default 15 s). */
  timeoutMs?: number;
}

/** A local stand-in for the X-Ray daemon that keeps every segment it receives. */
export interface SegmentCapture {
  /** `127.0.0.1:<port>`: the value for AWS_XRAY_DAEMON_ADDRESS. */
  readonly address: string;
  readonly port: number;
  /** OTLP/HTTP endpoint for the OpenTelemetry backend: its spans land in the same traces. */
  readonly otlpEndpoint: string;
  /** Resolves the trace assembled into a tree once its documents stop arriving. */
  waitForTrace(traceId: string, options?: WaitForTraceOptions): Promise<TraceNode[]>;
  /** The documents received for one trace (latest copy of each id). */
  documents(traceId: string): SegmentDocument[];
  /** Ids of every trace seen, in order of first arrival. */
  traceIds(): string[];
  /** Every byte received, all datagrams and OTLP bodies concatenated: for "no secret anywhere" checks. */
  rawBytes(): Buffer;
  /** Number of datagrams received (valid or not). */
  datagramCount(): number;
  /** Why each rejected datagram was rejected. */
  rejected(): string[];
  close(): Promise<void>;
}

/** 16 MB: at the default receive buffer a burst of subsegments is mostly dropped. */
const RECEIVE_BUFFER_BYTES = 16 * 1024 * 1024;

/** Starts a UDP listener on a random loopback port speaking the X-Ray daemon protocol. */
export async function startSegmentCapture(): Promise<SegmentCapture> {
  const socket: Socket = createSocket({ type: 'udp4', recvBufferSize: RECEIVE_BUFFER_BYTES });
  const assembler = new TraceAssembler();
  const raw: Buffer[] = [];
  const rejected: string[] = [];
  const lastArrival = new Map<string, number>();
  const listeners = new Set<() => void>();

  const accept = (document: SegmentDocument): void => {
    if (!document.trace_id) {
      rejected.push(`document "${document.name}" has no trace_id`);
    } else {
      const traceId = assembler.add(document);
      lastArrival.set(traceId, Date.now());
    }
  };
  socket.on('message', (datagram) => {
    raw.push(Buffer.from(datagram));
    const parsed = parseDaemonDatagram(datagram);
    if (!parsed.ok) rejected.push(parsed.error);
    else accept(parsed.document);
    listeners.forEach((notify) => notify());
  });
  const otlp = await startOtlpReceiver({
    onBody: (body) => raw.push(body),
    onDocuments: (documents) => {
      documents.forEach(accept);
      listeners.forEach((notify) => notify());
    },
    onRejected: (reason) => rejected.push(reason),
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const { port } = socket.address();

  const waitForTrace = (
    traceId: string,
    options: WaitForTraceOptions = {},
  ): Promise<TraceNode[]> => {
    const { minDocuments = 1, quietMs = 200, timeoutMs = 15_000 } = options;
    return new Promise((resolve, reject) => {
      let quietTimer: NodeJS.Timeout | undefined;
      const finish = (): void => {
        clearTimeout(quietTimer);
        clearTimeout(deadline);
        listeners.delete(check);
      };
      const settleIfQuiet = (): void => {
        const since = Date.now() - (lastArrival.get(traceId) ?? 0);
        if (since < quietMs) {
          quietTimer = setTimeout(settleIfQuiet, quietMs - since);
          return;
        }
        finish();
        const assembled = assembler.assemble(traceId);
        resolve(assembled ? buildTraceTree(assembled) : []);
      };
      function check(): void {
        if (quietTimer || assembler.documents(traceId).length < minDocuments) return;
        quietTimer = setTimeout(settleIfQuiet, quietMs);
      }
      const deadline = setTimeout(() => {
        finish();
        const got = assembler.documents(traceId).length;
        reject(
          new Error(
            `trace ${traceId}: ${got} document(s) after ${timeoutMs} ms, expected at least ${minDocuments}`,
          ),
        );
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  };

  return {
    address: `127.0.0.1:${port}`,
    port,
    otlpEndpoint: otlp.endpoint,
    waitForTrace,
    documents: (traceId) => assembler.documents(traceId),
    traceIds: () => [...assembler.traceIds()],
    rawBytes: () => Buffer.concat(raw),
    datagramCount: () => raw.length,
    rejected: () => [...rejected],
    close: async () => {
      await otlp.close();
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}
