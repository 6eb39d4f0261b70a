import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StageName } from '../config/stage';
import { readShared, sharedKeys } from '../shared/shared-parameters';

/**
 * The shared resources as an app stack sees them: names read from SSM at deploy time, ARNs built
 * from the names. Only what the app's functions use becomes a parameter of its template.
 */
export class SharedRefs {
  constructor(
    private readonly scope: Construct,
    private readonly stage: StageName,
  ) {}

  private read(key: string): string {
    return readShared(this.scope, this.stage, key);
  }

  private arn(service: string, resource: string, resourceName: string): string {
    return Stack.of(this.scope).formatArn({
      service,
      resource,
      resourceName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  }

  tableName(table: string): string {
    return this.read(sharedKeys.tableName(table));
  }

  tableArn(table: string): string {
    return this.arn('dynamodb', 'table', this.tableName(table));
  }

  /** The table's DynamoDB stream (its ARN carries a creation label, hence read, not built). */
  tableStreamArn(table: string): string {
    return this.read(sharedKeys.tableStreamArn(table));
  }

  streamName(stream: string): string {
    return this.read(sharedKeys.streamName(stream));
  }

  streamArn(stream: string): string {
    return this.arn('kinesis', 'stream', this.streamName(stream));
  }

  bucketName(bucket: string): string {
    return this.read(sharedKeys.bucketName(bucket));
  }

  bucketArn(bucket: string): string {
    return Stack.of(this.scope).formatArn({
      service: 's3',
      region: '',
      account: '',
      resource: this.bucketName(bucket),
    });
  }

  /** The private access-token signing key (only functions with `uses.signsTokens`). */
  accessTokenSigningKeyArn(): string {
    return this.read(sharedKeys.accessTokenSigningKeyArn);
  }

  /** The public JWKS every verifier reads. */
  accessTokenJwksArn(): string {
    return this.read(sharedKeys.accessTokenJwksArn);
  }

  redisUrl(): string {
    return this.read(sharedKeys.redisUrl);
  }

  /** Redis's AUTH token secret (only functions with `uses.redis`). */
  redisAuthTokenArn(): string {
    return this.read(sharedKeys.redisAuthTokenArn);
  }

  vpcId(): string {
    return this.read(sharedKeys.vpcId);
  }

  privateSubnetIds(count: number): string[] {
    return Array.from({ length: count }, (_, index) =>
      this.read(sharedKeys.privateSubnetId(index)),
    );
  }

  redisClientSecurityGroupId(): string {
    return this.read(sharedKeys.redisClientSecurityGroupId);
  }

  alertsTopicArn(): string {
    return this.read(sharedKeys.alertsTopicArn);
  }

  webAclArn(): string {
    return this.read(sharedKeys.webAclArn);
  }
}
