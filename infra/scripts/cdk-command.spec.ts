import { cdkCommand, parseArgs } from './cdk-command';

describe('cdk command of the Nx targets', () => {
  it("deploys one app's stack alone, building only that app", () => {
    expect(
      cdkCommand({ action: 'deploy', target: { kind: 'app', app: 'posts' }, stage: 'prod' }),
    ).toEqual([
      'cdk',
      'deploy',
      '-c',
      'stage=prod',
      '-c',
      'apps=posts',
      '--output',
      'cdk.out/apps/posts',
      'traced-social-prod-posts',
      '--exclusively',
    ]);
  });

  it('synthesises quietly, the shared stack or everything', () => {
    expect(cdkCommand({ action: 'synth', target: { kind: 'shared' }, stage: 'dev' })).toEqual([
      'cdk',
      'synth',
      '-c',
      'stage=dev',
      '-c',
      'sharedOnly=true',
      '--output',
      'cdk.out/shared',
      'traced-social-dev-shared',
      '--exclusively',
      '--quiet',
    ]);
    expect(cdkCommand({ action: 'synth', target: { kind: 'all' }, stage: 'dev' })).toEqual([
      'cdk',
      'synth',
      '-c',
      'stage=dev',
      '--output',
      'cdk.out/all',
      '--all',
      '--quiet',
    ]);
  });

  it('refuses an unknown stage', () => {
    expect(() =>
      cdkCommand({ action: 'deploy', target: { kind: 'all' }, stage: 'staging' }),
    ).toThrow('Unknown stage "staging"');
  });

  it('parses what Nx forwards: --stage=prod, --dry-run and cdk arguments after --', () => {
    expect(
      parseArgs([
        'deploy',
        '--app',
        'posts',
        '--stage=prod',
        '--dry-run',
        '--',
        '--require-approval',
        'never',
      ]),
    ).toEqual({
      action: 'deploy',
      target: { kind: 'app', app: 'posts' },
      stage: 'prod',
      dryRun: true,
      extra: ['--require-approval', 'never'],
    });
    expect(parseArgs(['synth', '--all', '--stage', 'dev', '--verbose'])).toEqual({
      action: 'synth',
      target: { kind: 'all' },
      stage: 'dev',
      dryRun: false,
      extra: ['--verbose'],
    });
  });

  it('says what is missing', () => {
    expect(() => parseArgs(['destroy', '--all'])).toThrow(/Usage: cdk.ts <synth\|deploy\|diff>/);
    expect(() => parseArgs(['deploy', '--stage=dev'])).toThrow(
      'Say which stacks: --app <name>, --shared or --all',
    );
  });
});
