export { startLocalCloud, restApiName } from './local-cloud';
export { DEFAULT_MAX_RETRIES } from './apps/app-functions';
export type { LocalCloud, LocalCloudEndpoints, LocalCloudOptions } from './local-cloud';
export type { LoadedApp } from './apps/discover-apps';
export { discoverApps, loadApp } from './apps/discover-apps';
export { DEFAULT_PORTS, type PortSettings } from './config/ports';
export type { InvokeOutcome } from './lambda/function-instance';
