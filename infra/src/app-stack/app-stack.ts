import { Aspects, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { SecurityGroup, Vpc } from 'aws-cdk-lib/aws-ec2';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import {
  resources,
  type AppManifest,
  type FunctionSpec,
  type KinesisStreamSpec,
} from '@traced-social/manifest';
import type { AppSettings } from '../config/app-settings';
import { functionPhysicalName, PRODUCT, restApiName, xrayName } from '../config/names';
import type { StageConfig } from '../config/stage';
import { NotifyAlertsTopic } from '../monitoring/alarm-actions';
import { createAlarms } from '../monitoring/alarms';
import { createCoverageAlarms } from '../monitoring/coverage-alarms';
import { createSloAlarms } from '../monitoring/slo-alarms';
import { createAnomalyAlarms } from '../monitoring/anomaly-alarms';
import { createAppDashboard } from '../monitoring/dashboard';
import { createLogQueries } from '../monitoring/log-queries';
import type { MonitoredFunction } from '../monitoring/monitored-function';
import {
  createSamplingRules,
  samplingControlStatements,
  samplingRuleSpecs,
} from '../monitoring/sampling';
import { appGroups } from '@traced-social/xray-config';
import { createXrayGroups } from '../monitoring/xray-groups';
import { streamRetention } from '../shared/data';
import { availabilityZonesOf } from '../shared/network';
import { isAuthPath } from '../shared/web-acl';
import { functionEnvironment } from './environment';
import { addScheduleSource, addStreamSource } from './event-sources';
import { accessStatements } from './grants';
import { HandlerFunction } from './handler-function';
import { AppRestApi, authMethodThrottles } from './rest-api';
import { SharedRefs } from './shared-refs';
import { tracingBackendWiring } from './tracing-backend';

const streamSpecs: Record<string, KinesisStreamSpec> = resources.streams;

/** DynamoDB streams keep records 24 hours, fixed. */
const DYNAMODB_STREAM_RETENTION = Duration.hours(24);

export interface AppStackProps extends StackProps {
  manifest: AppManifest;
  /** The app's directory: handler entries are relative to it. */
  appRoot: string;
  config: StageConfig;
  settings: AppSettings;
}

/**
 * One domain app, built from its manifest alone: its functions, its REST API, its event sources,
 * and its monitoring (alarms, dashboard, saved log queries, X-Ray sampling rules and groups).
 * It reads the shared resources through SSM, so it deploys on its own (`cdk deploy <stack>
 * --exclusively`) without touching the shared stack or any other app.
 */
export class AppStack extends Stack {
  readonly functions: MonitoredFunction[] = [];
  readonly restApi?: AppRestApi;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const { manifest, config } = props;
    const stage = config.stage;
    const shared = new SharedRefs(this, stage);
    const removalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const logRetention = config.logRetentionDays as RetentionDays;
    const tracing = tracingBackendWiring(props.settings.tracingBackend);

    const routes = manifest.functions.flatMap((fn) =>
      fn.trigger.type === 'api' ? [fn.trigger] : [],
    );
    const apiName = restApiName(stage, manifest.app);
    if (routes.length) {
      this.restApi = new AppRestApi(this, 'RestApi', {
        restApiName: apiName,
        stageName: stage,
        throttle: config.apiThrottle,
        methodThrottles: authMethodThrottles(routes, config),
        webAclArn: shared.webAclArn(),
        logRetention,
        removalPolicy,
      });
      new StringParameter(this, 'ApiUrlParameter', {
        parameterName: `/${PRODUCT}/${stage}/${manifest.app}/api-url`,
        stringValue: this.restApi.api.url,
        description: `Invoke URL of the ${manifest.app} REST API`,
      });
    }

    const network = manifest.functions.some((fn) => fn.uses?.redis)
      ? this.importNetwork(shared)
      : undefined;

    for (const spec of manifest.functions) {
      const scope = new Construct(this, spec.name);
      const handler = new HandlerFunction(scope, 'Handler', {
        functionName: functionPhysicalName(stage, manifest.app, spec.name),
        appRoot: props.appRoot,
        spec,
        tracingBackend: props.settings.tracingBackend,
        environment: functionEnvironment(manifest, spec, config, shared, tracing.environment),
        statements: [
          ...accessStatements(spec, shared),
          ...tracing.statements,
          ...(spec.uses?.xraySampling ? samplingControlStatements(stage) : []),
        ],
        logRetention,
        removalPolicy,
        network: spec.uses?.redis ? network : undefined,
        reservedConcurrency:
          spec.trigger.type === 'api' && isAuthPath(spec.trigger.path)
            ? config.shield.authReservedConcurrency
            : undefined,
      });
      this.functions.push({
        spec,
        function: handler.function,
        timeout: handler.timeout,
        logGroup: handler.logGroup,
        deadLetters: this.connectTrigger(scope, spec, handler, shared, config),
      });
    }

    // Every alarm of the stack notifies the stage's alerts topic (shared stack, through SSM).
    Aspects.of(this).add(new NotifyAlertsTopic(shared.alertsTopicArn()));
    createAlarms(this, this.functions, config);
    createCoverageAlarms(this, this.functions, config, this.restApi?.api);
    createSloAlarms(this, this.functions, stage, this.restApi ? apiName : undefined);
    if (this.restApi) createAnomalyAlarms(this, apiName, stage, routes);
    createAppDashboard(this, {
      dashboardName: `${PRODUCT}-${stage}-${manifest.app}`,
      service: manifest.service,
      functions: this.functions,
      api: this.restApi?.api,
      usesCache: Boolean(network),
      xrayGroupName: xrayName(stage, 'app', manifest.app),
    });
    createLogQueries(
      this,
      stage,
      manifest.app,
      manifest.service,
      this.functions.map((fn) => fn.logGroup),
    );
    if (routes.length) {
      const specs = samplingRuleSpecs(stage, manifest.app, routes, config.sampling);
      createSamplingRules(this, `${apiName}/${stage}`, specs);
    }
    createXrayGroups(this, appGroups(stage, manifest));
  }

  /** Wires the function's trigger; returns the dead-letter queue of a stream consumer. */
  private connectTrigger(
    scope: Construct,
    spec: FunctionSpec,
    handler: HandlerFunction,
    shared: SharedRefs,
    config: StageConfig,
  ): MonitoredFunction['deadLetters'] {
    const trigger = spec.trigger;
    switch (trigger.type) {
      case 'api':
        this.restApi?.addRoute(trigger, handler.function);
        return undefined;
      case 'kinesis':
        return addStreamSource(
          scope,
          handler.function,
          shared.streamArn(trigger.stream),
          trigger,
          streamRetention(streamSpecs[trigger.stream], config),
        );
      case 'dynamodb-stream':
        return addStreamSource(
          scope,
          handler.function,
          shared.tableStreamArn(trigger.table),
          trigger,
          DYNAMODB_STREAM_RETENTION,
        );
      case 'schedule':
        addScheduleSource(scope, handler.function, trigger);
        return undefined;
    }
  }

  /** The shared VPC and the Redis client security group, imported by id (no lookup). */
  private importNetwork(shared: SharedRefs) {
    const availabilityZones = availabilityZonesOf(this.region);
    const vpc = Vpc.fromVpcAttributes(this, 'SharedVpc', {
      vpcId: shared.vpcId(),
      availabilityZones,
      privateSubnetIds: shared.privateSubnetIds(availabilityZones.length),
    });
    const securityGroup = SecurityGroup.fromSecurityGroupId(
      this,
      'RedisClients',
      shared.redisClientSecurityGroupId(),
      { mutable: false },
    );
    // Lambda's VpcConfig takes only subnets and security groups: the VPC id parameter exists for
    // CDK's VPC model and is otherwise unreferenced.
    Validations.of(this).acknowledge({
      id: 'CloudFormation-Validate::W2001',
      reason: "The shared VPC's id parameter is only needed by CDK's VPC model",
    });
    return { vpc, securityGroup };
  }
}
