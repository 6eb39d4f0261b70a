import { spawnSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { AssetHashType, DockerImage, Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { ISecurityGroup, IVpc } from 'aws-cdk-lib/aws-ec2';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  Code,
  Function as LambdaFunction,
  Runtime,
  RuntimeFamily,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  LAMBDA_RUNTIME,
  type BundledTracingBackend,
  type FunctionSpec,
} from '@traced-social/manifest';
import { WORKSPACE_ROOT } from '../discover';
import { VPC_ENI_ACTIONS } from './grants';
import { acknowledgeNag } from '../nag';

export interface HandlerFunctionProps {
  functionName: string;
  /** The app's directory; `spec.entry` is relative to it. */
  appRoot: string;
  spec: FunctionSpec;
  /** Baked into the bundle: esbuild drops the other backend's code (switching rebuilds it). */
  tracingBackend: BundledTracingBackend;
  environment: Record<string, string>;
  /** Everything the function may do besides logging and tracing. */
  statements: PolicyStatement[];
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
  /** Set for functions that use Redis: the function runs in the VPC's private subnets. */
  network?: { vpc: IVpc; securityGroup: ISecurityGroup };
  /** Reserved (and maximum) concurrent executions; none: the account's unreserved pool. */
  reservedConcurrency?: number;
}

/** Lambda's limit on function names. */
const MAX_FUNCTION_NAME = 64;

/** Default timeout: API Gateway gives up after 29 s; consumers get a minute per batch. */
const defaultTimeoutSeconds = (spec: FunctionSpec): number =>
  spec.trigger.type === 'api' ? 10 : 60;

/** The script that bundles one handler with the shared build (`handlerEsbuildOptions`). */
const BUILD_HANDLER_CLI = join(WORKSPACE_ROOT, 'libs/manifest/src/build-handler-cli.ts');
const REGISTER_TS = join(WORKSPACE_ROOT, 'tools/scripts/register-ts.js');

/**
 * The function's code: the handler bundled by local esbuild with the shared build of every
 * handler (options, stand-in plugins and event-stream check, decision 1922), the very bundle the
 * bench measures and the local cloud runs. `NodejsFunction` cannot apply esbuild plugins (it runs
 * esbuild's CLI), so the asset bundles through a child process running the esbuild API. Hashed
 * on its output: any change of a source, an option or a dependency that changes the bundle
 * changes the asset. No Docker: a failed local build fails the synthesis.
 */
export function handlerCode(entry: string, backend: BundledTracingBackend): Code {
  return Code.fromAsset(WORKSPACE_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Required by the type, never pulled: `tryBundle` builds or throws.
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22-alpine'),
      // Never run either; it names the bundle: CDK reuses a staged asset for equal bundling
      // options, and `local` (a function) is not part of that comparison.
      command: ['build-handler', relative(WORKSPACE_ROOT, entry), backend],
      local: {
        tryBundle(outputDir: string): boolean {
          const run = spawnSync(
            process.execPath,
            ['-r', REGISTER_TS, BUILD_HANDLER_CLI, entry, outputDir, backend, WORKSPACE_ROOT],
            { cwd: WORKSPACE_ROOT, encoding: 'utf8' },
          );
          if (run.status !== 0) {
            throw new Error(
              `Could not bundle ${entry}: ${run.error?.message ?? run.stderr ?? `exit ${run.status}`}`,
            );
          }
          return true;
        },
      },
    },
  });
}

/**
 * One handler as a Lambda function: bundled from source by local esbuild with the workspace's
 * shared handler build (no Docker, `handlerCode`), on arm64, actively traced, logging to its own log group, with a
 * role that holds exactly the given statements plus logging and X-Ray.
 */
export class HandlerFunction extends Construct {
  readonly function: LambdaFunction;
  readonly logGroup: LogGroup;
  readonly timeout: Duration;

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    const { spec, functionName } = props;
    if (functionName.length > MAX_FUNCTION_NAME) {
      throw new Error(`Function name "${functionName}" is longer than ${MAX_FUNCTION_NAME}`);
    }
    // Not named: a retained group of a deleted stack would block the recreated one ("already
    // exists"); Lambda logs to it through LoggingConfig whatever its generated name.
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${functionName}`,
    });
    // In the VPC: only the ENI actions Lambda needs, inline (the managed
    // AWSLambdaVPCAccessExecutionRole would also grant logs:* on every log group).
    if (props.network) {
      role.addToPrincipalPolicy(
        new PolicyStatement({ actions: VPC_ENI_ACTIONS, resources: ['*'] }),
      );
    }
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    for (const statement of props.statements) role.addToPrincipalPolicy(statement);

    this.timeout = Duration.seconds(spec.timeoutSeconds ?? defaultTimeoutSeconds(spec));
    this.function = new LambdaFunction(this, 'Function', {
      functionName,
      code: handlerCode(join(props.appRoot, spec.entry), props.tracingBackend),
      handler: 'index.handler',
      runtime: new Runtime(LAMBDA_RUNTIME, RuntimeFamily.NODEJS, { supportsInlineCode: true }),
      architecture: Architecture.ARM_64,
      tracing: Tracing.ACTIVE,
      memorySize: spec.memoryMb ?? 512,
      timeout: this.timeout,
      role,
      logGroup: this.logGroup,
      // No --enable-source-maps: the map beside the bundle is not read at start (decision 1900).
      environment: props.environment,
      description: `${spec.operationType}: ${spec.entry}`,
      reservedConcurrentExecutions: props.reservedConcurrency,
      vpc: props.network?.vpc,
      securityGroups: props.network && [props.network.securityGroup],
    });
    acknowledgeNag(
      this.function,
      'L1',
      `The runtime is pinned once for all handlers (LAMBDA_RUNTIME = ${LAMBDA_RUNTIME} in ` +
        'libs/manifest), moved with a bench run, not whenever Lambda adds one',
    );
  }
}
