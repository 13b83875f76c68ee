/**
 * Bundled form of any graph answer: each message that the graph shows with its sender and recipients
 * becomes part of one aggregated CORRESPONDENCE edge per (sender, recipient) pair and direction;
 * the message nodes and their SENT/TO/CC/BCC edges give way to it. Pure, so it applies to expand,
 * paths, the connecting subgraph and the console alike.
 */
import type { Graph, GraphEdge } from './graph.js';
import { RECIPIENT_TYPES } from '../model/graph-model.js';

const ADDRESSING = new Set<string>(RECIPIENT_TYPES);

export function bundleGraph(graph: Graph): Graph {
  const messages = new Map(graph.nodes.filter((n) => n.label === 'Message').map((n) => [n.id, n]));
  const senders = new Map<string, string[]>();
  const recipients = new Map<string, string[]>();
  for (const e of graph.edges) {
    if (e.type === 'SENT' && messages.has(e.target))
      (senders.get(e.target) ?? senders.set(e.target, []).get(e.target)!).push(e.source);
    if (ADDRESSING.has(e.type) && messages.has(e.source)) {
      (recipients.get(e.source) ?? recipients.set(e.source, []).get(e.source)!).push(e.target);
    }
  }
  const bundled = new Set<string>();
  const pairs = new Map<
    string,
    { source: string; target: string; times: string[]; kinds: Set<string>; messages: string[] }
  >();
  for (const [id, message] of messages) {
    const from = senders.get(id) ?? [];
    const to = recipients.get(id) ?? [];
    if (from.length === 0 || to.length === 0) continue;
    bundled.add(id);
    for (const source of from) {
      for (const target of to) {
        const key = `${source}|${target}`;
        const pair = pairs.get(key) ?? { source, target, times: [], kinds: new Set(), messages: [] };
        pairs.set(key, pair);
        pair.messages.push(id);
        pair.kinds.add(String(message.properties.kind ?? 'message'));
        for (const t of [message.properties.sentFrom, message.properties.sentTo])
          if (typeof t === 'string') pair.times.push(t);
      }
    }
  }
  const bundleEdges: GraphEdge[] = [...pairs.values()].map((p) => {
    const times = p.times.sort((a, b) => Date.parse(a) - Date.parse(b));
    return {
      id: `bundle|graph|${p.source}|${p.target}`,
      type: 'CORRESPONDENCE',
      source: p.source,
      target: p.target,
      properties: {
        messages: p.messages.length,
        first: times[0] ?? null,
        last: times.at(-1) ?? null,
        kinds: [...p.kinds].sort(),
        messageIds: p.messages,
      },
    };
  });
  const kept = graph.edges.filter(
    (e) => !((e.type === 'SENT' && bundled.has(e.target)) || (ADDRESSING.has(e.type) && bundled.has(e.source))),
  );
  // A bundled message stays only if something else still ties it to the graph (a link, a reply).
  const stillLinked = new Set(kept.flatMap((e) => [e.source, e.target]));
  return {
    nodes: graph.nodes.filter((n) => !bundled.has(n.id) || stillLinked.has(n.id)),
    edges: [...kept, ...bundleEdges],
  };
}
