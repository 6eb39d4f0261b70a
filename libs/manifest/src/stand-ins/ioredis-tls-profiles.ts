import { standInReached } from './reached';

/**
 * What handler bundles get in place of ioredis's TLS profiles (`constants/TLSProfiles`, 8.3 KB of
 * CA certificates for `tls: { profile: 'RedisCloudFixed' }`, decision 1922). ioredis looks the
 * profile up for every connection (`resolveTLSProfile`), with no profile named unless a caller
 * sets one; ours never do (ElastiCache's certificates are in Node's CA store). The lookup with no
 * profile finds none, as before; naming any profile throws.
 */
const TLSProfiles: Record<string, never> = new Proxy({} as Record<string, never>, {
  get(_target, profile) {
    if (profile === 'undefined' || typeof profile === 'symbol') return undefined;
    throw standInReached(`ioredis TLS profile "${String(profile)}"`);
  },
});

export default TLSProfiles;
