import { standInReached } from './reached';

/**
 * What handler bundles get in place of the X-Ray SDK's EC2, ECS and Elastic Beanstalk plugins
 * (`segments/plugins/*`, ~2.4 KB, decision 1922): host metadata for `AWSXRay.config([plugin])`,
 * which no code of ours calls (a Lambda function's origin is set by the runtime's segment). The
 * SDK exposes each as an object (`AWSXRay.plugins.EC2Plugin`); using one throws.
 */
export function getData(): never {
  throw standInReached('X-Ray SDK plugins (AWSXRay.config with an EC2, ECS or Beanstalk plugin)');
}

export const originName = 'stand-in';
