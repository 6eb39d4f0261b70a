export * from './emulators';
export * from './local-aws';
export * from './handler-build';
export * from './kinesis-events';
export * from './eventually';
export * from './item-size';
export * from './dynalite-table';
export * from './seed-items';
