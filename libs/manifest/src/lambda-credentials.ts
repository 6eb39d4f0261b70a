import { fromEnv } from '@aws-sdk/credential-provider-env';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * What Lambda bundles get in place of `@aws-sdk/credential-provider-node` (an esbuild alias in
 * `handlerBuildOptions`): the default chain's first link, the environment, where Lambda always
 * puts the function role's credentials (and the local cloud its own). The full chain — SSO, INI
 * files, web identity, process, container and instance metadata, with their nested STS and SSO
 * clients — adds ~135 KB to every bundle and is never reached in Lambda (decision 1900).
 */
export const defaultProvider = (
  init: Parameters<typeof fromEnv>[0] = {},
): AwsCredentialIdentityProvider => fromEnv(init);
