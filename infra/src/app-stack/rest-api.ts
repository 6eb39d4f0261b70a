import type { RemovalPolicy } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RestApi,
  type IResource,
  type RequestValidator,
} from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ApiTrigger } from '@traced-social/manifest';
import type { StageConfig } from '../config/stage';
import { acknowledgeNag } from '../nag';
import { isAuthPath } from '../shared/web-acl';

type Throttle = { rateLimit: number; burstLimit: number };

export interface AppRestApiProps {
  restApiName: string;
  stageName: string;
  throttle: Throttle;
  /** Per-method throttles, keyed as API Gateway's method settings: `/auth/login/POST`. */
  methodThrottles: Record<string, Throttle>;
  /** The stage's WAF web ACL, associated with the API stage. */
  webAclArn: string;
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
}

/**
 * Each `/auth/*` route's own throttle (API Gateway method settings key: path and method), so a
 * burst on sign-in is refused there before it uses the stage-wide budget of every other route.
 */
export function authMethodThrottles(
  routes: ApiTrigger[],
  config: StageConfig,
): Record<string, Throttle> {
  return Object.fromEntries(
    routes
      .filter((route) => isAuthPath(route.path))
      .map((route) => [`${route.path}/${route.method}`, config.shield.authMethodThrottle]),
  );
}

/**
 * One access log line per request, JSON, with the X-Ray trace id so a log line leads to its trace.
 * No headers, no query string, no body: those may carry tokens.
 */
const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: AccessLogField.contextRequestId(),
    xrayTraceId: AccessLogField.contextXrayTraceId(),
    ip: AccessLogField.contextIdentitySourceIp(),
    requestTime: AccessLogField.contextRequestTime(),
    method: AccessLogField.contextHttpMethod(),
    resourcePath: AccessLogField.contextResourcePath(),
    status: AccessLogField.contextStatus(),
    responseLength: AccessLogField.contextResponseLength(),
    responseLatency: AccessLogField.contextResponseLatency(),
    integrationLatency: AccessLogField.contextIntegrationLatency(),
    integrationError: AccessLogField.contextIntegrationErrorMessage(),
  }),
);

/**
 * The app's REST API (an HTTP API cannot trace): X-Ray tracing on the stage, JSON access logs,
 * execution errors logged, one Lambda proxy integration per manifest route.
 */
export class AppRestApi extends Construct {
  readonly api: RestApi;
  private readonly validator: RequestValidator;

  constructor(scope: Construct, id: string, props: AppRestApiProps) {
    super(scope, id);
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.api = new RestApi(this, 'Api', {
      restApiName: props.restApiName,
      description: `${props.restApiName}: routes of the app manifest`,
      endpointTypes: [EndpointType.REGIONAL],
      cloudWatchRole: false, // the shared stack sets API Gateway's account-wide logging role
      deployOptions: {
        stageName: props.stageName,
        tracingEnabled: true,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat,
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false, // would log full requests, tokens included
        metricsEnabled: true,
        throttlingRateLimit: props.throttle.rateLimit,
        throttlingBurstLimit: props.throttle.burstLimit,
        methodOptions: Object.fromEntries(
          Object.entries(props.methodThrottles).map(([key, throttle]) => [
            key,
            { throttlingRateLimit: throttle.rateLimit, throttlingBurstLimit: throttle.burstLimit },
          ]),
        ),
      },
    });
    new CfnWebACLAssociation(this, 'WebAcl', {
      resourceArn: this.api.deploymentStage.stageArn,
      webAclArn: props.webAclArn,
    });
    // Bodies are validated by the handlers (zod, with field errors); API Gateway checks that
    // declared path parameters are present.
    this.validator = this.api.addRequestValidator('Validator', {
      validateRequestParameters: true,
      validateRequestBody: false,
    });
    acknowledgeNag(
      this.api,
      'APIG2',
      'Path parameters are validated by API Gateway; bodies by the handlers (zod), which answer ' +
        '400 with field errors that a model-less API Gateway check cannot give',
    );
  }

  /** Adds a manifest route, e.g. `GET /posts/{postId}`, proxied to the handler. */
  addRoute(trigger: ApiTrigger, handler: IFunction): void {
    const resource = trigger.path
      .split('/')
      .filter(Boolean)
      .reduce<IResource>(
        (parent, part) => parent.getResource(part) ?? parent.addResource(part),
        this.api.root,
      );
    const pathParameters = [...trigger.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
    const method = resource.addMethod(trigger.method, new LambdaIntegration(handler), {
      requestValidator: this.validator,
      requestParameters: Object.fromEntries(
        pathParameters.map((name) => [`method.request.path.${name}`, true]),
      ),
    });
    const why = trigger.auth
      ? 'The handler verifies the bearer JWT (HS256, issued by the auth app) as a traced step'
      : 'A public route (e.g. register, login, public reads)';
    acknowledgeNag(method, 'APIG4', why);
    acknowledgeNag(method, 'COG4', `${why}; the product issues its own tokens, not Cognito's`);
  }
}
