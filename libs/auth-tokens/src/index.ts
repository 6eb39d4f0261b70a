export * from './access-token';
export * from './signing-keys';
export * from './key-source';
export * from './token-verifier';
export * from './key-rotation';
export * from './secrets-manager-store';
export * from './refresh-token';
