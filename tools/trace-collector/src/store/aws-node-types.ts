/** X-Ray's node types for the AWS services an SDK subsegment (`namespace: "aws"`) calls. */
export const AWS_NODE_TYPES: Record<string, string> = {
  DynamoDB: 'AWS::DynamoDB::Table',
  S3: 'AWS::S3::Bucket',
  Kinesis: 'AWS::Kinesis::Stream',
  SQS: 'AWS::SQS::Queue',
  SNS: 'AWS::SNS::Topic',
  Lambda: 'AWS::Lambda',
};
