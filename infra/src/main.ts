import { App } from 'aws-cdk-lib';
import { buildStacks } from './build-stacks';
import { discoverApps } from './discover';

/** The CDK app (`cdk.json`): the shared stack and one stack per `apps/<app>/src/manifest.ts`. */
const app = new App();
buildStacks(app, discoverApps());
app.synth();
