/**
 * The page of bench/client.ts for Cytoscape with its defaults: the same Cytoscape and fcose as the
 * app's bundle (built by Vite from node_modules), and nothing else. The benchmark sizes #cy like the
 * app's canvas and calls `cytoscape(...)` itself.
 */
import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';

cytoscape.use(fcose);
(window as unknown as { cytoscape: typeof cytoscape }).cytoscape = cytoscape;
