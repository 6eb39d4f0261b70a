import { standInReached } from './reached';

/**
 * What handler bundles get in place of the X-Ray SDK's samplers (`middleware/sampling/*`, ~15 KB:
 * the centralized sampler with its rule and target pollers, and the local sampler; decision
 * 1922). Only the SDK's HTTP-server middleware (`AWSXRay.middleware`, for Express and the like)
 * asks a sampler; in Lambda the function's segment and its sampling decision come from the
 * runtime's trace header, and the SDK's Lambda set-up only selects the local sampler (it
 * `require`s this module) without asking it. Each sampler method throws: `mw_utils` requires
 * these as CommonJS objects, so the methods are named exports.
 */
export function shouldSample(): never {
  throw standInReached('X-Ray SDK sampler (AWSXRay.middleware sampling)');
}

export function setLocalRules(): never {
  throw standInReached('X-Ray SDK sampler (AWSXRay.middleware.setSamplingRules)');
}

export function start(): never {
  throw standInReached('X-Ray SDK centralized sampler (rule and target pollers)');
}
