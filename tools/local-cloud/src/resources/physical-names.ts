/**
 * Physical names of the shared resources in the local cloud: `<stage>-<logical name>`, as the
 * functions find them in `TABLE_<NAME>`, `STREAM_<NAME>` and `BUCKET_<NAME>`.
 */
export interface PhysicalNames {
  table(logical: string): string;
  stream(logical: string): string;
  bucket(logical: string): string;
  /** The Kinesis stream in which the local cloud keeps a table's DynamoDB stream records. */
  tableStream(logical: string): string;
  tableArn(logical: string): string;
  streamArn(logical: string): string;
  tableStreamArn(logical: string): string;
}

export const ACCOUNT_ID = '000000000000';

export function physicalNames(stage: string, region: string): PhysicalNames {
  const table = (logical: string): string => `${stage}-${logical}`;
  const stream = (logical: string): string => `${stage}-${logical}`;
  const tableArn = (logical: string): string =>
    `arn:aws:dynamodb:${region}:${ACCOUNT_ID}:table/${table(logical)}`;
  return {
    table,
    stream,
    bucket: (logical) => `${stage}-${logical}`,
    tableStream: (logical) => `${table(logical)}.ddb-stream`,
    tableArn,
    streamArn: (logical) => `arn:aws:kinesis:${region}:${ACCOUNT_ID}:stream/${stream(logical)}`,
    // DynamoDB stream ARNs carry a label; the local one is fixed.
    tableStreamArn: (logical) => `${tableArn(logical)}/stream/1970-01-01T00:00:00.000`,
  };
}
