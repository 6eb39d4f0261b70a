import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { STAGES, stageConfig } from '../src/config/stage';
import { discoverApps, WORKSPACE_ROOT } from '../src/discover';
import { writeDashboards } from '../src/dashboards/write-dashboards';

// `nx run infra:dashboards [--stage=prod]`: Grafana dashboards of every stage (or one) from the
// manifests, into infra/dashboards/<stage>/.
const { values } = parseArgs({ options: { stage: { type: 'string' } } });
const stages = values.stage ? [stageConfig(values.stage).stage] : STAGES;
const manifests = discoverApps().map((found) => found.manifest);
for (const stage of stages) {
  for (const path of writeDashboards(join(__dirname, '..', 'dashboards'), stage, manifests)) {
    console.log(relative(WORKSPACE_ROOT, path));
  }
}
