/**
 * Every value the loads gave a node's properties, grouped for the details panel: a property whose
 * sources disagree is "disputed", and its shown value is the one the loader's rule chose (curated
 * files first, then the latest by the data's own time).
 */
import type { EntityAnswer } from './types.js';

type Value = EntityAnswer['values'][number];

export interface ValueGroup {
  readonly prop: string;
  readonly values: readonly Value[];
  /** More than one distinct value. */
  readonly disputed: boolean;
}

export function valueGroups(values: readonly Value[]): ValueGroup[] {
  const groups = new Map<string, Value[]>();
  for (const v of values) groups.set(v.prop, [...(groups.get(v.prop) ?? []), v]);
  return [...groups].map(([prop, list]) => ({
    prop,
    values: list,
    disputed: new Set(list.map((v) => JSON.stringify(v.value))).size > 1,
  }));
}

/** Where a value came from, in words: "mapped-csv · trumpworld.csv · as of 2016-06-01". */
export function describeOrigin(value: Value): string {
  const [format = '', file = ''] = value.origin.split('|');
  return [value.curated ? `${format} (curated)` : format, file, value.asOf ? `as of ${value.asOf.slice(0, 10)}` : '']
    .filter(Boolean)
    .join(' · ');
}
