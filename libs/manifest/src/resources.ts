import type { ResourcesSpec } from './types';

const pk = { name: 'pk', type: 'S' } as const;
const sk = { name: 'sk', type: 'S' } as const;
const gsi1 = {
  indexName: 'gsi1',
  partitionKey: { name: 'gsi1pk', type: 'S' },
  sortKey: { name: 'gsi1sk', type: 'S' },
} as const;
/** Sparse index of posts whose events still wait for publication (the posts outbox). */
const outbox = {
  indexName: 'outbox',
  partitionKey: { name: 'outboxpk', type: 'S' },
  sortKey: { name: 'outboxsk', type: 'S' },
} as const;

/**
 * The shared resources of the backend (the shared CDK stack; created at start by the local
 * cloud). Every table uses generic `pk`/`sk` keys so each domain can lay out its own items.
 */
export const resources = {
  tables: {
    users: {
      partitionKey: pk,
      sortKey: sk,
      globalSecondaryIndexes: [gsi1],
      // Expires the markers of follows-stream records already counted (replay protection).
      timeToLiveAttribute: 'expiresAt',
    },
    follows: {
      partitionKey: pk,
      sortKey: sk,
      globalSecondaryIndexes: [gsi1],
      // Drives the follower/following counts (profile's count-follows, decision 1400).
      stream: 'NEW_AND_OLD_IMAGES',
    },
    posts: {
      partitionKey: pk,
      sortKey: sk,
      globalSecondaryIndexes: [gsi1, outbox],
      stream: 'NEW_AND_OLD_IMAGES',
    },
    feeds: {
      partitionKey: pk,
      sortKey: sk,
      // Expires the tombstones of deleted posts (decision 1401).
      timeToLiveAttribute: 'expiresAt',
    },
    likes: {
      partitionKey: pk,
      sortKey: sk,
      globalSecondaryIndexes: [gsi1],
      stream: 'NEW_AND_OLD_IMAGES',
      // Expires the markers of stream records already counted (replay protection).
      timeToLiveAttribute: 'expiresAt',
    },
    notifications: {
      partitionKey: pk,
      sortKey: sk,
      // Notifications and their cooldown claims expire (decision 1403).
      timeToLiveAttribute: 'expiresAt',
    },
    // Idempotency-Key records of create routes, in Powertools idempotency's layout (`id`, TTL on
    // `expiration` in epoch seconds): posts' create-post (decision 1402).
    idempotency: { partitionKey: { name: 'id', type: 'S' }, timeToLiveAttribute: 'expiration' },
    // The auth app's alone: sign-in records (password hashes), refresh tokens and sessions,
    // expiring by TTL on `ttl` (epoch seconds; decision 1303).
    credentials: { partitionKey: pk, sortKey: sk, timeToLiveAttribute: 'ttl' },
    // Sign-in and registration throttle counters, in rate-limiter-flexible's own layout (`key`,
    // `points`, `expire` in epoch seconds): auth's login and register only (decision 1302).
    throttle: { partitionKey: { name: 'key', type: 'S' }, timeToLiveAttribute: 'expire' },
  },
  streams: {
    events: { shardCount: 2 },
  },
  buckets: {
    media: { corsUploads: true },
  },
} satisfies ResourcesSpec;

export type TableName = keyof typeof resources.tables;
export type StreamName = keyof typeof resources.streams;
export type BucketName = keyof typeof resources.buckets;
