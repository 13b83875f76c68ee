/**
 * Selection tools and pins on the Cytoscape canvas: select all, invert, neighbours, every node of a
 * type, the highlighted path; pinned nodes are locked, so layouts (and placement) leave them in place.
 */
import type { CollectionArgument, CollectionReturnValue, Core } from 'cytoscape';

/** Only what is shown counts: hidden, filtered and out-of-window elements are not selected. */
const SHOWN = ':visible';

function replaceSelection(cy: Core, eles: CollectionArgument): void {
  cy.batch(() => {
    cy.elements(':selected').difference(eles).unselect();
    cy.collection().union(eles).select();
  });
}

function byIds(cy: Core, ids: string[]): CollectionReturnValue {
  const wanted = new Set(ids);
  return cy.nodes().filter((n) => wanted.has(n.id()));
}

export function selectAll(cy: Core): void {
  replaceSelection(cy, cy.elements(SHOWN));
}

/** The nodes that were not selected become the selection (edges are left out: they follow their nodes). */
export function invertSelection(cy: Core): void {
  replaceSelection(cy, cy.nodes(SHOWN).not(':selected'));
}

export function selectNeighbours(cy: Core, ids: string[]): void {
  const nodes = byIds(cy, ids);
  replaceSelection(cy, nodes.union(nodes.neighborhood().nodes(SHOWN)));
}

/** Every shown node of the labels of these nodes. */
export function selectSameType(cy: Core, ids: string[]): void {
  const labels = new Set(ids.map((id) => cy.getElementById(id).data('label') as string));
  replaceSelection(
    cy,
    cy.nodes(SHOWN).filter((n) => labels.has(n.data('label') as string)),
  );
}

export function hasHighlight(cy: Core): boolean {
  return cy.nodes('.hl').nonempty();
}

/** The nodes of what is highlighted (the last path, connection or answer). */
export function selectHighlighted(cy: Core): void {
  replaceSelection(cy, cy.nodes('.hl'));
}

export function pin(cy: Core, ids: string[], on: boolean): void {
  const nodes = byIds(cy, ids);
  cy.batch(() => {
    if (on) nodes.lock().addClass('pinned');
    else nodes.unlock().removeClass('pinned');
  });
}

export function isPinned(cy: Core, id: string): boolean {
  return cy.getElementById(id).locked();
}
