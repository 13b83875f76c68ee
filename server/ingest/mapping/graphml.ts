/**
 * GraphML (what Gephi, yEd, Cytoscape and networkx export), streamed with saxes: `<key>` declarations,
 * `<node id>` and `<edge source target>` with their `<data key>` values. Each node and each edge is a
 * row for the mapping: its attributes by `attr.name` (yEd's label graphics as `label`), plus `@id`,
 * and for edges `@source`, `@target`, `@source.label`, `@target.label`. The node section of the
 * mapping turns a node into records and names the node its edges attach to; the edge section turns an
 * edge into relationships from `@source` to `@target`. With no mapping, the default one applies
 * (defaults.ts): a `type`/`label` attribute naming a model label or relationship type picks it.
 *
 * Nodes are mapped as they stream by; only each node's endpoint (label and key) is kept, so edges
 * can find it. An edge read before its nodes waits until the end of the file.
 */
import { createReadStream } from 'node:fs';
import { SaxesParser } from 'saxes';
import type { SaxesTagPlain } from 'saxes';
import type { Location, ParseOptions, Parsed, Parser } from '../types.js';
import { datasetOf, DEFAULT_GRAPHML, MappingError, parseMapping } from './mapping-file.js';
import type { GraphmlMapping, Mapping } from './mapping-file.js';
import { RecordGate } from './rows.js';
import type { Endpoint, RowMapper, RowOutput } from './rows.js';
import { RowError } from './values.js';

interface Key {
  readonly id: string;
  readonly for: string;
  readonly name: string;
  readonly type: string;
  default?: unknown;
}

interface Element {
  readonly kind: 'node' | 'edge';
  readonly where: Location;
  readonly id: string | undefined;
  readonly source?: string;
  readonly target?: string;
  readonly data: Map<string, unknown>;
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

function typed(text: string, type: string): unknown {
  const trimmed = text.trim();
  switch (type) {
    case 'int':
    case 'long':
    case 'float':
    case 'double': {
      const n = Number(trimmed);
      return trimmed !== '' && Number.isFinite(n) ? n : trimmed;
    }
    case 'boolean':
      return trimmed === 'true' ? true : trimmed === 'false' ? false : trimmed;
    default:
      return trimmed;
  }
}

let defaultMapping: GraphmlMapping | undefined;

/** The mapping used when none is given: see defaults.ts. */
export function defaultGraphmlMapping(): GraphmlMapping {
  defaultMapping ??= parseMapping({ defaults: {} }, DEFAULT_GRAPHML) as GraphmlMapping;
  return defaultMapping;
}

function checkKeys(
  mapping: GraphmlMapping,
  mapper: RowMapper,
  kind: 'node' | 'edge',
  keys: Iterable<Key>,
  file: string,
) {
  const declared = new Set<string>();
  for (const key of keys) if (key.for === kind || key.for === 'all') declared.add(key.name);
  const issues = mapper.columns
    .filter((c) => !declared.has(c.column))
    .map((c) => ({
      path: c.path,
      message: `unknown ${kind} attribute ${JSON.stringify(c.column)}; ${file} declares ${[...declared].map((d) => JSON.stringify(d)).join(', ') || 'none'} for ${kind}s`,
    }));
  if (issues.length) throw new MappingError(mapping.origin, issues);
}

export function graphmlParser(mapping?: Mapping): Parser {
  if (mapping && mapping.kind !== 'graphml') {
    throw new MappingError(mapping.origin, [
      { path: '', message: 'this is a rows mapping (`nodes`); GraphML needs one with `node` and/or `edge`' },
    ]);
  }
  const graph = mapping ?? defaultGraphmlMapping();

  return async function* parseGraphml(file: string, options: ParseOptions = {}): AsyncIterable<Parsed> {
    const out: Parsed[] = [];
    const keys = new Map<string, Key>();
    const endpoints = new Map<string, Endpoint | null>();
    const waiting: Element[] = [];
    const gate = new RecordGate();
    // Node ids are the default refs of people and organizations, scoped by this dataset.
    const dataset = graph.dataset ?? datasetOf(file);
    const warned = new Set<string>();
    const warn = (where: Location, message: string) => {
      if (warned.has(message)) return;
      warned.add(message);
      out.push({ where, warning: message });
    };
    let checked = false;

    const open: Element[] = [];
    let pendingKey: Key | undefined;
    let capture: { key: string; text: string; depth: number; isDefault: boolean } | undefined;
    let tagLine = 1;

    const parser = new SaxesParser({ fileName: file, xmlns: false, position: true });
    const where = (): Location => ({ file, line: tagLine });

    const rowOf = (element: Element) => {
      const values = new Map<string, unknown>();
      for (const key of keys.values()) {
        if ((key.for === element.kind || key.for === 'all') && key.default !== undefined)
          values.set(key.name, key.default);
      }
      for (const [name, value] of element.data) values.set(name, value);
      if (element.id !== undefined) values.set('@id', element.id);
      if (element.kind === 'edge') {
        values.set('@source', element.source);
        values.set('@target', element.target);
      }
      return values;
    };
    const rawOf = (values: Map<string, unknown>) => JSON.stringify(Object.fromEntries(values));

    const check = () => {
      if (checked) return;
      checked = true;
      if (graph.explicitNode) checkKeys(graph, graph.node, 'node', keys.values(), file);
      if (graph.explicitEdge) checkKeys(graph, graph.edge, 'edge', keys.values(), file);
    };

    const mapNode = (element: Element) => {
      const values = rowOf(element);
      const record = element.id === undefined ? undefined : `node ${element.id}`;
      const at: Location = { ...element.where, ...(record ? { record } : {}) };
      if (element.id === undefined) {
        rejected(at, 'a node without an id', rawOf(values));
        return;
      }
      try {
        const output = graph.node.map({ get: (c) => values.get(c) }, { dataset });
        const chosen = graph.endpoint
          ? output.instances.get(graph.endpoint)?.[0]
          : graph.node.nodeTemplates.map((t) => output.instances.get(t)?.[0]).find((i) => i !== undefined);
        if (!chosen) {
          const type = values.get('type');
          throw new RowError(
            graph.explicitNode ? 'node' : 'default node',
            graph.explicitNode
              ? `no node for edges to attach to${graph.endpoint ? ` (template ${JSON.stringify(graph.endpoint)} produced none)` : ''}`
              : `the type ${JSON.stringify(type)} names no label of the model; write a mapping with a node section`,
          );
        }
        const records = gate.pass(output);
        endpoints.set(element.id, { label: chosen.label, key: chosen.key });
        passed(at, output, records);
      } catch (error) {
        if (!(error instanceof RowError)) throw error;
        endpoints.set(element.id, null);
        rejected(at, error.message, rawOf(values));
      }
    };

    // Every node and edge is accounted for: loaded, rejected, or produced nothing (counted at the end).
    let nothing = 0;
    let firstNothing: Location | undefined;
    const rejected = (at: Location, error: string, raw: string) => {
      options.onRow?.('rejected', at);
      out.push({ where: at, error, raw });
    };
    const passed = (at: Location, output: RowOutput, records: Record<string, unknown>[]) => {
      for (const warning of output.warnings) out.push({ where: at, warning });
      if (output.records.length === 0) {
        nothing++;
        firstNothing ??= at;
        options.onRow?.('nothing', at);
      } else options.onRow?.('loaded', at);
      for (const r of records) out.push({ where: at, record: r });
    };

    const mapEdge = (element: Element, final: boolean) => {
      const ends: Record<string, Endpoint> = {};
      const values = rowOf(element);
      const at: Location = {
        ...element.where,
        record: `edge ${element.id ?? `${element.source}->${element.target}`}`,
      };
      for (const [end, id] of [
        ['@source', element.source],
        ['@target', element.target],
      ] as const) {
        if (id === undefined) {
          rejected(at, `an edge without a ${end.slice(1)}`, rawOf(values));
          return;
        }
        const endpoint = endpoints.get(id);
        if (endpoint === null) {
          rejected(at, `its ${end.slice(1)} node ${JSON.stringify(id)} was rejected`, rawOf(values));
          return;
        }
        if (endpoint === undefined) {
          if (!final) {
            waiting.push(element);
            return;
          }
          rejected(at, `its ${end.slice(1)} node ${JSON.stringify(id)} is not in the file`, rawOf(values));
          return;
        }
        ends[end] = endpoint;
        values.set(`${end}.label`, endpoint.label);
      }
      try {
        const output = graph.edge.map({ get: (c) => values.get(c) }, { dataset, endpoints: ends });
        passed(at, output, gate.pass(output));
      } catch (error) {
        if (!(error instanceof RowError)) throw error;
        rejected(at, error.message, rawOf(values));
      }
    };

    parser.on('opentagstart', () => {
      tagLine = parser.line;
    });
    // An error thrown in a handler (a mapping error, a bug) is not a GraphML syntax error: keep it
    // and rethrow it after the write, instead of letting saxes report it as one.
    let fatal: unknown;
    // saxes would go on after a syntax error; nothing after the first one is trusted.
    let syntax: Parsed | undefined;
    parser.on('error', (error) => {
      syntax ??= { where: { file, line: parser.line }, error: `invalid GraphML: ${error.message}`, raw: '' };
    });
    const guard =
      <A extends unknown[]>(handler: (...args: A) => void) =>
      (...args: A) => {
        if (fatal !== undefined || syntax !== undefined) return;
        try {
          handler(...args);
        } catch (error) {
          fatal = error;
        }
      };

    parser.on(
      'opentag',
      guard((tag: SaxesTagPlain) => {
        const name = localName(tag.name);
        const attrs = tag.attributes as Record<string, string>;
        if (capture) {
          capture.depth++;
          return;
        }
        switch (name) {
          case 'key': {
            const id = attrs.id ?? '';
            const yfiles = attrs['yfiles.type'];
            const label = yfiles === 'nodegraphics' || yfiles === 'edgegraphics' ? 'label' : undefined;
            pendingKey = {
              id,
              for: attrs.for ?? 'all',
              name: attrs['attr.name'] ?? label ?? id,
              type: attrs['attr.type'] ?? 'string',
            };
            keys.set(id, pendingKey);
            break;
          }
          case 'default':
            if (pendingKey) capture = { key: pendingKey.id, text: '', depth: 0, isDefault: true };
            break;
          case 'graph':
            if (open.length > 0) warn(where(), 'nested graphs are read as one graph');
            break;
          case 'node':
            check();
            open.push({ kind: 'node', where: where(), id: attrs.id, data: new Map() });
            break;
          case 'edge':
            check();
            open.push({
              kind: 'edge',
              where: where(),
              id: attrs.id,
              ...(attrs.source !== undefined ? { source: attrs.source } : {}),
              ...(attrs.target !== undefined ? { target: attrs.target } : {}),
              data: new Map(),
            });
            break;
          case 'data':
            if (open.length > 0) capture = { key: attrs.key ?? '', text: '', depth: 0, isDefault: false };
            break;
          case 'hyperedge':
          case 'port':
            warn(where(), `<${name}> elements are not supported and were skipped`);
            break;
        }
      }),
    );
    const onText = (text: string) => {
      if (capture) capture.text += text;
    };
    parser.on('text', onText);
    parser.on('cdata', onText);
    parser.on(
      'closetag',
      guard((tag: SaxesTagPlain) => {
        const name = localName(tag.name);
        if (capture) {
          if (capture.depth > 0) {
            capture.depth--;
            // yEd puts a label's text in nested elements: keep lines apart.
            capture.text += ' ';
            return;
          }
          const key = keys.get(capture.key);
          const text = capture.text.replace(/\s+/g, ' ');
          if (capture.isDefault) {
            if (key) key.default = typed(text, key.type);
          } else {
            const element = open[open.length - 1];
            if (element && !key)
              warn(where(), `<data key="${capture.key}"> has no <key> declaration; read as "${capture.key}"`);
            element?.data.set(key?.name ?? capture.key, typed(text, key?.type ?? 'string'));
          }
          capture = undefined;
          return;
        }
        if (name === 'key') pendingKey = undefined;
        if (name === 'node' || name === 'edge') {
          const element = open.pop();
          if (!element) return;
          if (element.kind === 'node') mapNode(element);
          else mapEdge(element, false);
        }
      }),
    );

    const input = createReadStream(file, { encoding: 'utf8' });
    try {
      for await (const chunk of input as AsyncIterable<string>) {
        options.onBytes?.(Buffer.byteLength(chunk));
        parser.write(chunk);
        if (fatal !== undefined) throw fatal;
        yield* out.splice(0);
        if (syntax) break;
      }
      if (!syntax) parser.close();
      if (fatal !== undefined) throw fatal;
      if (syntax) {
        yield* out.splice(0);
        yield syntax;
        return;
      }
      for (const element of waiting.splice(0)) mapEdge(element, true);
      if (nothing > 0) {
        out.push({
          where: firstNothing ?? { file },
          warning: `${nothing} element${nothing === 1 ? '' : 's'} produced no record (no template applied); the first is here`,
        });
      }
      yield* out.splice(0);
    } finally {
      input.destroy();
    }
  };
}
