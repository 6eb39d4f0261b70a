import { getGroups } from './api';
import { el } from './dom';

/**
 * The X-Ray groups as saved filters: picking one searches `group.name = "<group>"` (the group's
 * expression, resolved by the server). Filled in once the groups are read.
 */
export function savedFiltersSelect(onPick: (filter: string) => void): HTMLSelectElement {
  const select = el(
    'select',
    { id: 'saved-filters', title: 'X-Ray groups' },
    el('option', { value: '' }, 'saved filters (groups)…'),
  );
  void getGroups()
    .then(({ Groups }) => {
      for (const group of Groups) {
        if (!group.FilterExpression) continue;
        select.append(
          el(
            'option',
            { value: `group.name = "${group.GroupName}"`, title: group.FilterExpression },
            group.GroupName,
          ),
        );
      }
    })
    .catch(() => (select.hidden = true));
  select.addEventListener('change', () => {
    if (select.value) onPick(select.value);
  });
  return select;
}
