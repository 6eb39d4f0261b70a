import type { NormalizedHandlerOptions } from './normalize-options';

/** Methods whose request carries a body the handler validates. */
const METHODS_WITH_BODY = ['POST', 'PUT', 'PATCH'];

/**
 * What the templates print, computed here so they hold no logic: the api handler's import list,
 * whether it uses the http lib's one-path-id shorthand, and the names the contract test looks for.
 */
export function templateValues(options: NormalizedHandlerOptions) {
  const { names, spec, pathParameters, auth } = options;
  const trigger = spec.trigger;
  const hasBody = trigger.type === 'api' && METHODS_WITH_BODY.includes(trigger.method);
  // One authenticated path id and no body: the http lib's shorthand for the two steps.
  const onePathId = auth && pathParameters.length === 1 && !hasBody;
  // A route with neither path parameters nor a body still validates something real: its query.
  const validatesQuery = trigger.type === 'api' && !pathParameters.length && !hasBody;
  const httpImports = onePathId
    ? ['authenticatedPathId', 'httpApi', 'json']
    : [...(auth ? ['authenticate'] : []), 'httpApi', 'json', 'validateRequest'];
  return {
    ...names,
    app: options.project,
    operationType: options.operationType,
    trigger,
    pathParameters,
    auth,
    hasBody,
    onePathId,
    pathId: pathParameters[0] ?? '',
    validatesQuery,
    usesZod: pathParameters.length > 0 || hasBody || validatesQuery,
    httpImports: httpImports.join(', '),
    /** What `validateRequest` checks: `pathParameters, body`, `query`... */
    validated: [
      ...(pathParameters.length ? ['pathParameters'] : []),
      ...(hasBody ? ['body'] : []),
      ...(validatesQuery ? ['query'] : []),
    ].join(', '),
    handlerNode: `## ${names.fileName}.handler`,
    tmpl: '',
  };
}
