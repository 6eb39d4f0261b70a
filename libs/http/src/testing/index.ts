export * from './api-event';
export * from './api-testbed';
