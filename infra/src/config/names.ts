import { createHash } from 'node:crypto';
import type { StageName } from './stage';

/** Prefix of every stack, resource name, SSM parameter and X-Ray name of the product. */
export const PRODUCT = 'traced-social';

/** CloudWatch namespace of the EMF metrics (POWERTOOLS_METRICS_NAMESPACE). */
export const METRICS_NAMESPACE = 'TracedSocial';

export const sharedStackName = (stage: StageName): string => `${PRODUCT}-${stage}-shared`;
export const appStackName = (stage: StageName, app: string): string => `${PRODUCT}-${stage}-${app}`;

/** The name of a REST API; X-Ray names its segments `<api name>/<stage>`. */
export const restApiName = (stage: StageName, app: string): string => `${PRODUCT}-${stage}-${app}`;

/**
 * SSM parameter through which the shared stack hands a value to the app stacks (resolved by
 * CloudFormation at deploy time, so app stacks deploy on their own; see decision 0601).
 */
export const sharedParameterName = (stage: StageName, key: string): string =>
  `/${PRODUCT}/${stage}/shared/${key}`;

/**
 * X-Ray group and sampling rule names: at most 32 characters of letters, digits, `-` and `_`.
 * A longer name keeps its start and gets a short hash so it stays unique and stable.
 */
export function xrayName(...parts: string[]): string {
  const name = parts.join('-').replace(/[^A-Za-z0-9_-]/g, '-');
  if (name.length <= 32) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 6);
  return `${name.slice(0, 25)}-${hash}`;
}
