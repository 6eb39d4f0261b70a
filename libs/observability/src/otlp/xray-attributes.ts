/**
 * Span attributes that tell an X-Ray mapping of OpenTelemetry data (the OpenTelemetry Collector's
 * awsxray exporter, X-Ray's own OTLP endpoint, and this product's collector) what to make of a
 * span. The OpenTelemetry backend writes them; `spansToSegmentDocuments` reads them.
 */

/** String array: the attribute keys to index as X-Ray annotations (the others become metadata). */
export const XRAY_ANNOTATIONS_ATTRIBUTE = 'aws.xray.annotations';
/** `aws.xray.metadata.<namespace>`: a JSON object recorded as the metadata of that namespace. */
export const XRAY_METADATA_PREFIX = 'aws.xray.metadata.';
/** On a server span: the name of the X-Ray segment it becomes. */
export const AWS_LOCAL_SERVICE = 'aws.local.service';
/** On a client span: the name of the remote node (X-Ray subsegment) it becomes. */
export const AWS_REMOTE_SERVICE = 'aws.remote.service';

/** AWS SDK call attributes (OpenTelemetry semantic conventions, plus the X-Ray exporter's aliases). */
export const AWS_CALL_ATTRIBUTES = {
  rpcSystem: 'rpc.system',
  rpcService: 'rpc.service',
  rpcMethod: 'rpc.method',
  operation: 'aws.operation',
  service: 'aws.service',
  region: 'aws.region',
  requestId: 'aws.request_id',
  tableName: 'aws.table_name',
  dynamodbTableNames: 'aws.dynamodb.table_names',
  streamName: 'aws.kinesis.stream_name',
  bucket: 'aws.s3.bucket',
  httpStatus: 'http.response.status_code',
} as const;

/** `rpc.system` of AWS SDK calls. */
export const AWS_API_RPC_SYSTEM = 'aws-api';
