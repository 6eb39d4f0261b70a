export * from './errors';
export * from './responses';
export * from './cursor';
export * from './request-validation';
export * from './authentication';
export * from './path-resource';
export * from './api-handler';
