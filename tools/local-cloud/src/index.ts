export { startLocalCloud, restApiName, DEFAULT_MAX_RETRIES } from './local-cloud';
export type { LocalCloud, LocalCloudEndpoints, LocalCloudOptions } from './local-cloud';
export type { LoadedApp } from './apps/discover-apps';
export { discoverApps, loadApp } from './apps/discover-apps';
export { DEFAULT_PORTS, type PortSettings } from './config/ports';
export type { InvokeOutcome } from './lambda/function-instance';
