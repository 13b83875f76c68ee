/**
 * Switches Cytoscape between its canvas and WebGL renderers in place: the same graph, selection,
 * viewport and stylesheet, and the page (with its undo history) stays. Cytoscape reads `webgl` from
 * its options when it creates a renderer, which `mount` does again on the same container.
 */
import type { Core, StylesheetJson } from 'cytoscape';

/** The part of Cytoscape's internals this uses (checked before use). */
interface Internals {
  _private?: { options?: { webgl?: boolean } };
}

export function switchRenderer(cy: Core, webgl: boolean): boolean {
  const options = (cy as unknown as Internals)._private?.options;
  const container = cy.container();
  if (!options || !container) return false;
  options.webgl = webgl;
  // mount() puts back the stylesheet cy was created with: keep the current one (the lean one on a big canvas).
  const style = (cy.style() as unknown as { json(): StylesheetJson }).json();
  const viewport = { zoom: cy.zoom(), pan: { ...cy.pan() } };
  cy.mount(container);
  cy.style(style);
  cy.viewport(viewport);
  return true;
}
