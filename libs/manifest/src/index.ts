export * from './types';
export * from './resources';
export * from './environment';
export { defineApp, validateAppManifest, findRouteClashes } from './define';
export * from './bundling';
export * from './objectives';
