import { randomBytes } from 'node:crypto';
import { FilterSyntaxError, type FilterNode } from '../filter/ast';
import { parseFilterExpression } from '../filter/parser';
import { ACCOUNT_ID, REGION } from '../sampling/sampling-rule';
import { ControlPlaneError, invalid } from '../sampling/sampling-errors';
import { UserMadeNames, type ChangeOrigin } from '../sampling/user-made';

/** An X-Ray group as the API carries it (`Group` of `@aws-sdk/client-xray`). */
export interface Group {
  GroupName: string;
  GroupARN: string;
  FilterExpression?: string;
  InsightsConfiguration: { InsightsEnabled: boolean; NotificationsEnabled: boolean };
}

export const DEFAULT_GROUP_NAME = 'Default';
/** X-Ray's quota: 25 groups per account and region. */
export const MAX_GROUPS = 25;

const NAME = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * X-Ray groups: named filter expressions. The expression is parsed when the group is created or
 * changed (a bad one is refused with its position), and queries that name the group
 * (`group.name = "..."`, GroupName of GetServiceGraph or GetTimeSeriesServiceStatistics) use it.
 * The `Default` group (no expression: every trace) always exists.
 */
export class GroupStore {
  private readonly groups = new Map<string, { group: Group; filter?: FilterNode }>();
  /** The groups created through the API, kept across restarts; told of every change. */
  readonly userMade = new UserMadeNames();

  constructor() {
    this.groups.set(DEFAULT_GROUP_NAME, {
      group: {
        GroupName: DEFAULT_GROUP_NAME,
        GroupARN: `arn:aws:xray:${REGION}:${ACCOUNT_ID}:group/${DEFAULT_GROUP_NAME}`,
        InsightsConfiguration: { InsightsEnabled: false, NotificationsEnabled: false },
      },
    });
  }

  list(): Group[] {
    return [...this.groups.values()].map((g) => g.group);
  }

  get(nameOrArn: string): Group | undefined {
    return this.find(nameOrArn)?.group;
  }

  /** The group's parsed expression (undefined: every trace); throws for an unknown group. */
  filterOf(nameOrArn: string): FilterNode | undefined {
    const held = this.find(nameOrArn);
    if (!held) throw unknownGroup(nameOrArn);
    return held.filter;
  }

  /**
   * CreateGroup. In-process (the local cloud's shared definition) it replaces a user-made group
   * of the same name restored from an earlier run: the definition wins.
   */
  create(input: Record<string, unknown>, origin: ChangeOrigin = 'in-process'): Group {
    const name = input.GroupName;
    if (origin === 'in-process' && typeof name === 'string' && this.userMade.has(name)) {
      this.delete({ GroupName: name });
    }
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw invalid([
        {
          field: 'GroupName',
          message: 'GroupName must be 1 to 32 letters, digits, "-" or "_"',
        },
      ]);
    }
    if (this.groups.has(name)) {
      throw new ControlPlaneError(
        'InvalidRequestException',
        `A group named ${name} already exists`,
      );
    }
    if (this.groups.size >= MAX_GROUPS) {
      throw new ControlPlaneError(
        'InvalidRequestException',
        `At most ${MAX_GROUPS} groups, the Default group included`,
      );
    }
    const filter = parseGroupFilter(input.FilterExpression);
    const group: Group = {
      GroupName: name,
      GroupARN: `arn:aws:xray:${REGION}:${ACCOUNT_ID}:group/${name}/${randomBytes(16).toString('hex').toUpperCase()}`,
      ...(filter ? { FilterExpression: filter.text } : {}),
      InsightsConfiguration: insights(input.InsightsConfiguration),
    };
    this.groups.set(name, { group, filter: filter?.tree });
    this.userMade.created(name, origin);
    return group;
  }

  /** Takes back a user-made group saved by an earlier run, as it was (ARN included). */
  restore(group: Group): void {
    const name = group.GroupName;
    if (typeof name !== 'string' || !NAME.test(name) || this.groups.has(name)) {
      throw invalid([{ field: 'GroupName', message: `The saved group ${name} is not valid here` }]);
    }
    const filter = parseGroupFilter(group.FilterExpression);
    const restored: Group = {
      GroupName: name,
      GroupARN: String(group.GroupARN),
      ...(filter ? { FilterExpression: filter.text } : {}),
      InsightsConfiguration: insights(group.InsightsConfiguration),
    };
    this.groups.set(name, { group: restored, filter: filter?.tree });
    this.userMade.created(name, 'api');
  }

  /** The user-made groups, to save. */
  userMadeGroups(): Group[] {
    return this.list().filter((g) => this.userMade.has(g.GroupName));
  }

  update(input: Record<string, unknown>): Group {
    const key = input.GroupName ?? input.GroupARN;
    const held = typeof key === 'string' ? this.find(key) : undefined;
    if (!held) throw unknownGroup(String(key));
    if (held.group.GroupName === DEFAULT_GROUP_NAME && input.FilterExpression !== undefined) {
      throw invalid([
        { field: 'FilterExpression', message: 'The Default group has no filter expression' },
      ]);
    }
    const filter =
      input.FilterExpression === undefined ? undefined : parseGroupFilter(input.FilterExpression);
    const group: Group = {
      ...held.group,
      ...(filter ? { FilterExpression: filter.text } : {}),
      InsightsConfiguration:
        input.InsightsConfiguration === undefined
          ? held.group.InsightsConfiguration
          : insights(input.InsightsConfiguration, held.group.InsightsConfiguration),
    };
    this.groups.set(group.GroupName, { group, filter: filter ? filter.tree : held.filter });
    this.userMade.changed();
    return group;
  }

  delete(input: Record<string, unknown>): void {
    const key = input.GroupName ?? input.GroupARN;
    const held = typeof key === 'string' ? this.find(key) : undefined;
    if (!held) throw unknownGroup(String(key));
    if (held.group.GroupName === DEFAULT_GROUP_NAME) {
      throw invalid([{ field: 'GroupName', message: 'The Default group cannot be deleted' }]);
    }
    this.groups.delete(held.group.GroupName);
    this.userMade.deleted(held.group.GroupName);
  }

  private find(nameOrArn: string) {
    return (
      this.groups.get(nameOrArn) ??
      [...this.groups.values()].find((g) => g.group.GroupARN === nameOrArn)
    );
  }
}

function unknownGroup(name: string): ControlPlaneError {
  return new ControlPlaneError('InvalidRequestException', `No group named ${name}`);
}

function parseGroupFilter(value: unknown): { text: string; tree: FilterNode } | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    throw invalid([{ field: 'FilterExpression', message: 'FilterExpression must be a string' }]);
  }
  try {
    return { text: value, tree: parseFilterExpression(value) };
  } catch (error) {
    if (error instanceof FilterSyntaxError) {
      throw invalid([{ field: 'FilterExpression', message: error.message }]);
    }
    throw error;
  }
}

function insights(
  value: unknown,
  base: Group['InsightsConfiguration'] = { InsightsEnabled: false, NotificationsEnabled: false },
): Group['InsightsConfiguration'] {
  const given = (typeof value === 'object' && value !== null ? value : {}) as Record<
    string,
    unknown
  >;
  return {
    InsightsEnabled:
      typeof given.InsightsEnabled === 'boolean' ? given.InsightsEnabled : base.InsightsEnabled,
    NotificationsEnabled:
      typeof given.NotificationsEnabled === 'boolean'
        ? given.NotificationsEnabled
        : base.NotificationsEnabled,
  };
}
