import { createHash } from 'node:crypto';

/** Prefix of every stack, resource name, SSM parameter and X-Ray name of the product. */
export const PRODUCT = 'traced-social';

/** The name of an app's REST API (`traced-social-<stage>-<app>`), in AWS and in the local cloud. */
export const restApiName = (stage: string, app?: string): string =>
  [PRODUCT, stage, app].filter(Boolean).join('-');

/** X-Ray names an API Gateway stage's segments `<api name>/<stage>`: what sampling rules match. */
export const apiStageServiceName = (stage: string, app: string): string =>
  `${restApiName(stage, app)}/${stage}`;

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
