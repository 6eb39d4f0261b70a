export * from './fixture-traces';
