import { Aws } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { TracingBackend } from '../config/app-settings';

/** What a tracing backend adds to a function: environment and IAM beyond Lambda's own. */
export interface TracingBackendWiring {
  environment: Record<string, string>;
  statements: PolicyStatement[];
}

/** X-Ray's OTLP actions: spans in, and their indexing as trace summaries (Transaction Search). */
export const XRAY_OTLP_ACTIONS = ['xray:PutSpans', 'xray:PutSpansForIndexing'];

/**
 * The one place where the tracing backend changes a function's deployment.
 * `xray`: Lambda active tracing sends the function segments and runs the daemon the SDK talks to;
 * `tracing: ACTIVE` already grants xray:PutTraceSegments and xray:PutTelemetryRecords.
 * `otel`: the function sends its spans, mapped to X-Ray segment documents, over UDP to the X-Ray
 * daemon that active tracing runs beside it (`OBSERVABILITY_OTEL_EXPORT=xray-daemon`): no export
 * waits on the caller's clock (decision 1903). Active tracing stays on: Lambda's own segments carry
 * the trace id the handler span continues. The OTLP variables and grants below are what the
 * function uses without that variable: in-process OTLP to X-Ray's endpoint (protobuf, SigV4-signed;
 * Transaction Search enabled), which waits for X-Ray's answer at the end of every invocation
 * (decision 0801, corrected by 1903).
 */
export function tracingBackendWiring(backend: TracingBackend): TracingBackendWiring {
  switch (backend) {
    case 'xray':
      return { environment: { TRACING_BACKEND: 'xray' }, statements: [] };
    case 'otel':
      return {
        environment: {
          TRACING_BACKEND: 'otel',
          OBSERVABILITY_OTEL_EXPORT: 'xray-daemon',
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `https://xray.${Aws.REGION}.amazonaws.com/v1/traces`,
          OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
          OBSERVABILITY_OTLP_SIGV4_SERVICE: 'xray',
        },
        statements: [new PolicyStatement({ actions: XRAY_OTLP_ACTIONS, resources: ['*'] })],
      };
  }
}
