import type { RootCause, RootCauses } from '../store/root-causes';
import type { ElementFilter, FilterNode, RootCauseElement } from './ast';
import { matchesLogical, matchesValue } from './compare';

/** One service, entity or exception of a root cause, as `rootcause.*.* { }` tests it. */
interface Element {
  name: string;
  type?: string;
  message?: string;
  inferred: boolean;
  remote: boolean;
  coverage?: number;
  index: number;
  first: boolean;
  last: boolean;
}

/** `rootcause.<kind>.<element> { filter }`: some element of some root cause of that kind matches. */
export function matchesRootCause(
  filter: Extract<FilterNode, { kind: 'rootcause' }>,
  rootCauses: RootCauses,
): boolean {
  return rootCauses[filter.cause].some((cause) =>
    elementsOf(cause, filter.element).some(
      (e) => !filter.filter || matchesElement(filter.filter, e),
    ),
  );
}

function enumerate<T>(
  items: T[],
  toElement: (item: T) => Omit<Element, 'index' | 'first' | 'last'>,
) {
  return items.map((item, index) => ({
    ...toElement(item),
    index,
    first: index === 0,
    last: index === items.length - 1,
  }));
}

function elementsOf(cause: RootCause, element: RootCauseElement): Element[] {
  switch (element) {
    case 'service':
      return enumerate(cause.services, (s) => ({
        name: s.name,
        type: s.type,
        inferred: s.inferred,
        remote: false,
        coverage: s.coverage,
      }));
    case 'entity':
      return enumerate(
        cause.services.flatMap((s) => s.entityPath.map((e) => ({ ...e, inferred: s.inferred }))),
        (e) => ({ name: e.name, inferred: e.inferred, remote: e.remote, coverage: e.coverage }),
      );
    case 'exception': {
      const culprit = cause.services.at(-1)?.entityPath.at(-1);
      return enumerate(culprit?.exceptions ?? [], (x) => ({
        name: x.name,
        message: x.message,
        inferred: false,
        remote: x.remote,
      }));
    }
  }
}

function matchesElement(filter: ElementFilter, element: Element): boolean {
  switch (filter.kind) {
    case 'and':
    case 'or':
    case 'not':
      return matchesLogical(filter, matchesElement, element);
    case 'boolean':
      return element[filter.keyword] === filter.expected;
    case 'number':
    case 'string':
      return matchesValue(element[filter.keyword], filter.op, filter.value);
  }
}
