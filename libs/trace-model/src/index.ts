export * from './segment-document';
export * from './ids';
export * from './trace-header';
export * from './daemon-protocol';
export * from './validate';
export * from './trace-assembler';
export * from './trace-tree';
export * from './lambda-segments';
