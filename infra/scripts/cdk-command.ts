import { appStackName, sharedStackName } from '../src/config/names';
import { stageConfig } from '../src/config/stage';

export type CdkAction = 'synth' | 'deploy' | 'diff';

/** What to run cdk on: one app's stack, the shared stack, or everything. */
export type CdkTarget = { kind: 'app'; app: string } | { kind: 'shared' } | { kind: 'all' };

export interface CdkCommandOptions {
  action: CdkAction;
  target: CdkTarget;
  stage: string;
  /** Arguments passed to cdk unchanged (e.g. `--require-approval never`). */
  extra?: string[];
}

/**
 * The cdk command line for an action. An app's command builds only the shared stack and that app
 * (`-c apps=<app>`), selects only the app's stack (`--exclusively`, so the CLI also bundles only
 * its handlers) and writes to its own output directory, so several apps synthesise in parallel.
 */
export function cdkCommand(options: CdkCommandOptions): string[] {
  const { stage } = stageConfig(options.stage);
  const { target } = options;
  const args = ['cdk', options.action, '-c', `stage=${stage}`];
  switch (target.kind) {
    case 'app':
      args.push('-c', `apps=${target.app}`, '--output', `cdk.out/apps/${target.app}`);
      args.push(appStackName(stage, target.app), '--exclusively');
      break;
    case 'shared':
      args.push('-c', 'sharedOnly=true', '--output', 'cdk.out/shared');
      args.push(sharedStackName(stage), '--exclusively');
      break;
    case 'all':
      args.push('--output', 'cdk.out/all', '--all');
      break;
  }
  if (options.action === 'synth') args.push('--quiet');
  return [...args, ...(options.extra ?? [])];
}

export interface ParsedArgs extends CdkCommandOptions {
  dryRun: boolean;
}

const ACTIONS: readonly string[] = ['synth', 'deploy', 'diff'];

/**
 * Parses `<action> (--app <name> | --shared | --all) [--stage <s>] [--dry-run] [-- cdk args]`,
 * as the Nx targets call it (Nx appends `--stage=prod` and `--dry-run` given to `nx run`).
 */
export function parseArgs(argv: string[]): ParsedArgs {
  const [action, ...rest] = argv;
  if (!ACTIONS.includes(action)) {
    throw new Error(`Usage: cdk.ts <${ACTIONS.join('|')}> (--app <name> | --shared | --all) ...`);
  }
  let target: CdkTarget | undefined;
  let stage = 'dev';
  let dryRun = false;
  const extra: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const [flag, inline] = rest[i].split(/=(.*)/s, 2);
    const value = () => inline ?? rest[++i];
    if (flag === '--') {
      extra.push(...rest.slice(i + 1));
      break;
    } else if (flag === '--app') target = { kind: 'app', app: value() };
    else if (flag === '--shared') target = { kind: 'shared' };
    else if (flag === '--all') target = { kind: 'all' };
    else if (flag === '--stage') stage = value();
    else if (flag === '--dry-run' || flag === '--dryRun') dryRun = true;
    else extra.push(rest[i]);
  }
  if (!target) throw new Error('Say which stacks: --app <name>, --shared or --all');
  return { action: action as CdkAction, target, stage, dryRun, extra };
}
