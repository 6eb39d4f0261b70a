export * from './access-token';
export * from './refresh-token';
export * from './jwt-secret';
