export * from './client-config';
export * from './clients';
export * from './presigned-upload';
export * from './event-publisher';
export * from './redis-client';
export * from './batch-writes';
export * from './transaction-conditions';
export * from './stream-batches';
