import { join } from 'node:path';
import { handlerBuildProblems } from '@traced-social/aws-clients/testing';
import { manifest } from './manifest';

describe('manifest', () => {
  it('bundles every function of the manifest, with the shared handler bundling options', () => {
    expect(handlerBuildProblems(join(__dirname, '..'), manifest)).toEqual([]);
  });
});
