import { controlPlane } from '../control-plane';
import { jsonResponse, readJsonObject } from '../http-api';
import type { CollectorRoute } from '../context';

export const createGroupRoute: CollectorRoute = {
  method: 'POST',
  path: '/CreateGroup',
  handle(request, { groups }) {
    const body = readJsonObject(request);
    return jsonResponse({ Group: controlPlane(() => groups.create(body)) });
  },
};

export const getGroupRoute: CollectorRoute = {
  method: 'POST',
  path: '/GetGroup',
  handle(request, { groups }) {
    const body = readJsonObject(request);
    const key = String(body.GroupARN ?? body.GroupName);
    // filterOf refuses an unknown group in X-Ray's terms.
    controlPlane(() => groups.filterOf(key));
    return jsonResponse({ Group: groups.get(key) });
  },
};

/** X-Ray GetGroups: one page (at most 25 groups exist). */
export const getGroupsRoute: CollectorRoute = {
  method: 'POST',
  path: '/Groups',
  handle(_request, { groups }) {
    return jsonResponse({ Groups: groups.list() });
  },
};

export const updateGroupRoute: CollectorRoute = {
  method: 'POST',
  path: '/UpdateGroup',
  handle(request, { groups }) {
    const body = readJsonObject(request);
    return jsonResponse({ Group: controlPlane(() => groups.update(body)) });
  },
};

export const deleteGroupRoute: CollectorRoute = {
  method: 'POST',
  path: '/DeleteGroup',
  handle(request, { groups }) {
    const body = readJsonObject(request);
    controlPlane(() => groups.delete(body));
    return jsonResponse({});
  },
};
