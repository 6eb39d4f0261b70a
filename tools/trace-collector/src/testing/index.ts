export * from './segments';
export * from './xray-client';
