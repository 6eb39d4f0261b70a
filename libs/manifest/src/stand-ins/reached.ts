/** The decision that lists every stand-in of the handler bundles and why each is never reached. */
export const STAND_IN_DECISION = 'docs/decisions/1922-stand-ins-for-code-handlers-never-run.md';

/**
 * The error a stand-in throws when a handler reaches code the bundle left out: loud and named,
 * never a silently different behaviour. Seeing it means a handler started using something the
 * decision says it does not; bundle it again without that stand-in.
 */
export function standInReached(what: string): Error {
  return Object.assign(
    new Error(
      `${what} is not in this Lambda bundle: the handler build replaced it with a stand-in, ` +
        `as it was never run by any handler (${STAND_IN_DECISION}). ` +
        'Remove the stand-in from handlerBundlePlugins if a handler now needs it.',
    ),
    { name: 'BundleStandInReached' },
  );
}
