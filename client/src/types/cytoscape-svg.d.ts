/** What cytoscape-svg adds to the core. */
import 'cytoscape';

declare module 'cytoscape' {
  interface Core {
    svg(options?: { full?: boolean; scale?: number; bg?: string }): string;
  }
}
