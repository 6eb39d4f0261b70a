export * from './client-config';
export * from './clients';
export * from './presigned-upload';
export * from './event-publisher';
export * from './items/user-items';
export * from './items/follow-items';
export * from './redis-client';
export * from './batch-writes';
