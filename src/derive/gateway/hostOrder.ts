// Istio MoreSpecific host order where only the order within groups matters: a gateway's route config
// holds thousands of virtual hosts, nearly each alone in its group, so sorting them all is wasted.
import { compareMoreSpecific } from '../../model/hosts.js';

/**
 * `items` grouped by `keyOf`, groups in the order their first item is met, each group's items in
 * the order a stable sort of all `items` by compareMoreSpecific of their hosts puts them (a group
 * of one is not sorted).
 */
export function groupsInMoreSpecificOrder<T>(items: readonly T[], hostOf: (x: T) => string, keyOf: (x: T) => string): T[][] {
  const byKey = new Map<string, T[]>();
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i++) {
    const x = items[i] as T;
    const key = keyOf(x);
    const group = byKey.get(key);
    if (group) group.push(x);
    else {
      const g = [x];
      byKey.set(key, g);
      groups.push(g);
    }
  }
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i] as T[];
    if (g.length > 1) g.sort((a, b) => compareMoreSpecific(hostOf(a), hostOf(b)));
  }
  return groups;
}

/**
 * `items` (sorted in place) by name, equal names in compareMoreSpecific order of their hosts (IPv6
 * hosts with and without brackets give one name). Names are nearly always distinct: they are then
 * sorted alone by the default comparator (code-unit order, as `<` compares), in native code, not
 * through a comparator called some 12 times per item (a big gateway's route config holds thousands).
 */
export function sortByName<T>(items: T[], nameOf: (x: T) => string, hostOf: (x: T) => string): T[] {
  const byName = new Map<string, T>();
  const names = new Array<string>(items.length);
  for (let i = 0; i < items.length; i++) {
    const x = items[i] as T;
    const name = nameOf(x);
    if (byName.has(name)) return items.sort((a, b) => compareByName(nameOf(a), nameOf(b)) || compareMoreSpecific(hostOf(a), hostOf(b)));
    byName.set(name, x);
    names[i] = name;
  }
  names.sort();
  for (let i = 0; i < names.length; i++) items[i] = byName.get(names[i] as string) as T;
  return items;
}

const compareByName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
