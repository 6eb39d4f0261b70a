import type { Scenario } from '../scenario';
import { authScenario } from './auth';
import { feedScenario } from './feed';
import { likesScenario } from './likes';
import { notificationsScenario } from './notifications';
import { opsScenario } from './ops';
import { postsScenario } from './posts';
import { profileScenario } from './profile';

/** The recording of each app, by app name. */
export const SCENARIOS: Readonly<Record<string, Scenario>> = {
  auth: authScenario,
  profile: profileScenario,
  posts: postsScenario,
  feed: feedScenario,
  likes: likesScenario,
  notifications: notificationsScenario,
  ops: opsScenario,
};
