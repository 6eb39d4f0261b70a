import { standInReached } from './reached';

/**
 * What handler bundles get in place of the X-Ray SDK's AWS SDK v2 patcher (`patchers/aws_p`, with
 * the `semver` it imports; decision 1922). Our clients are AWS SDK v3, instrumented through
 * `captureAWSv3Client` (`patchers/aws3_p`, kept); `captureAWS` and `captureAWSClient` throw.
 */
export function captureAWS(): never {
  throw standInReached('X-Ray SDK captureAWS (AWS SDK v2)');
}

export function captureAWSClient(): never {
  throw standInReached('X-Ray SDK captureAWSClient (AWS SDK v2)');
}
