export * from './cloud-session';
export * from './session-users';
