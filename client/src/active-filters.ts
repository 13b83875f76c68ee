/**
 * What the filters hide on the canvas right now: read from the legend, the timeline, the graph state
 * and the canvas's filter classes, for the chips and for what an expansion reports.
 */
import type { Core } from 'cytoscape';
import type { GraphState } from './graph-state.js';
import type { ActiveFilters } from './views/filter-chips.js';

/** The classes the canvas gives elements a filter hides (see Canvas.applyFilterClasses). */
const FILTERED = '.filtered, .time-out';

export function activeFilters(parts: {
  cy: Core;
  state: GraphState;
  filters: { hiddenLabels: Iterable<string>; hiddenTypes: Iterable<string> };
  timeWindow: { from: string; to: string } | null;
}): ActiveFilters {
  const counts = new Map<string, number>();
  for (const n of parts.state.nodes.values()) counts.set(n.label, (counts.get(n.label) ?? 0) + 1);
  for (const e of parts.state.edges.values()) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
  return {
    timeWindow: parts.timeWindow,
    hiddenLabels: [...parts.filters.hiddenLabels],
    hiddenTypes: [...parts.filters.hiddenTypes],
    hidden: parts.state.hidden.size,
    outsideWindow: parts.timeWindow ? parts.cy.elements('.time-out').length : 0,
    counts,
  };
}

/** How many of these elements (just added) a filter hides. */
export function filteredOut(cy: Core, ids: string[]): number {
  let n = 0;
  for (const id of ids) if (cy.getElementById(id).is(FILTERED)) n++;
  return n;
}
