export * from './cloud-session';
