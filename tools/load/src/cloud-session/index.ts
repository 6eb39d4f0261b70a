export * from './cloud-session';
export * from './session-users';
export * from './configure-functions';
