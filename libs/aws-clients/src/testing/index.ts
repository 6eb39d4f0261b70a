export * from './emulators';
export * from './local-aws';
