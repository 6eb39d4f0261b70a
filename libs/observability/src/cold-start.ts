let firstInvocation = true;

/**
 * The one cold-start rule of both tracing backends (and Powertools' own, which the metrics use):
 * the first invocation of a function instance that Lambda started on demand is its cold start;
 * an instance started ahead of traffic (provisioned concurrency, SnapStart) has none. Called once
 * per invocation, traced or not: the first call answers for the instance.
 */
export function takeColdStart(env: NodeJS.ProcessEnv = process.env): boolean {
  const first = firstInvocation;
  firstInvocation = false;
  return first && env.AWS_LAMBDA_INITIALIZATION_TYPE?.trim() === 'on-demand';
}
