import { PRODUCT, restApiName as productApiName } from '@traced-social/xray-config';
import type { StageName } from './stage';

export { PRODUCT };
export { xrayName } from '@traced-social/xray-config';

/** CloudWatch namespace of the EMF metrics (POWERTOOLS_METRICS_NAMESPACE). */
export const METRICS_NAMESPACE = 'TracedSocial';

export const sharedStackName = (stage: StageName): string => `${PRODUCT}-${stage}-shared`;
export const appStackName = (stage: StageName, app: string): string => `${PRODUCT}-${stage}-${app}`;
export const canaryStackName = (stage: StageName): string => `${PRODUCT}-${stage}-canary`;
/** The Synthetics canary of a stage. */
export const canaryName = (stage: StageName): string => `${PRODUCT}-${stage}-flow`;
/** A manifest function's Lambda function name. */
export const functionPhysicalName = (stage: StageName, app: string, fn: string): string =>
  `${PRODUCT}-${stage}-${app}-${fn}`;

/** The name of a REST API; X-Ray names its segments `<api name>/<stage>`. */
export const restApiName = (stage: StageName, app: string): string => productApiName(stage, app);

/**
 * SSM parameter through which the shared stack hands a value to the app stacks (resolved by
 * CloudFormation at deploy time, so app stacks deploy on their own; see decision 0601).
 */
export const sharedParameterName = (stage: StageName, key: string): string =>
  `/${PRODUCT}/${stage}/shared/${key}`;
