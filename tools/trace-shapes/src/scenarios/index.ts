import type { Scenario } from '../scenario';
import { feedScenario } from './feed';
import { postsScenario } from './posts';

/** The recording of each app, by app name. */
export const SCENARIOS: Readonly<Record<string, Scenario>> = {
  posts: postsScenario,
  feed: feedScenario,
};
