import { controlPlane } from '../control-plane';
import { jsonResponse } from '../http-api';
import type { CollectorRoute } from '../context';
import { xrayAction } from '../xray-action';

export const createGroupRoute = xrayAction('/CreateGroup', (body, { groups }) => ({
  Group: controlPlane(() => groups.create(body, 'api')),
}));

export const getGroupRoute = xrayAction('/GetGroup', (body, { groups }) => {
  const key = String(body.GroupARN ?? body.GroupName);
  // filterOf refuses an unknown group in X-Ray's terms.
  controlPlane(() => groups.filterOf(key));
  return { Group: groups.get(key) };
});

/** X-Ray GetGroups: one page (at most 25 groups exist). */
export const getGroupsRoute: CollectorRoute = {
  method: 'POST',
  path: '/Groups',
  handle(_request, { groups }) {
    return jsonResponse({ Groups: groups.list() });
  },
};

export const updateGroupRoute = xrayAction('/UpdateGroup', (body, { groups }) => ({
  Group: controlPlane(() => groups.update(body)),
}));

export const deleteGroupRoute = xrayAction('/DeleteGroup', (body, { groups }) => {
  controlPlane(() => groups.delete(body));
  return {};
});
