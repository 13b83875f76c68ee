/**
 * A case as one self-contained HTML page an editor can check offline: a picture of the graph (SVG
 * drawn from the saved positions), the messages in time order, every fact with its sources and
 * quotes, the notes, and the Cypher that brings the elements back. No script at all; its one style
 * block is allowed by hash, in a Content-Security-Policy stricter than the app's, sent as a header
 * and repeated in a meta element so the saved file keeps it. Every text is escaped.
 */
import { createHash } from 'node:crypto';
import type { CaseFacts, OpenedCase } from '../queries/cases.js';
import type { GraphNode } from '../queries/graph.js';

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:2rem;border-bottom:1px solid #ddd}
.stale{background:#fff3cd;padding:.5rem 1rem;border-left:4px solid #e0a800}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:.25rem .5rem;text-align:left;vertical-align:top}
blockquote{margin:.25rem 0 .25rem 1rem;color:#555}pre{background:#f6f6f6;padding:.75rem;overflow:auto}
svg{border:1px solid #ddd;max-width:100%;height:auto}`;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The page's policy: nothing but its own style block and inline images. */
export function reportPolicy(): string {
  const hash = createHash('sha256').update(STYLE).digest('base64');
  return `default-src 'none'; style-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}

function svg(
  nodes: readonly GraphNode[],
  edges: CaseFacts['facts'],
  positions: Record<string, { x: number; y: number }>,
): string {
  if (nodes.length === 0) return '<p>No nodes.</p>';
  // Saved positions where there are some; a circle for the rest.
  const at = new Map(
    nodes.map((n, i) => {
      const p = positions[n.id];
      const angle = (2 * Math.PI * i) / nodes.length;
      return [n.id, p ?? { x: 300 * Math.cos(angle), y: 300 * Math.sin(angle) }];
    }),
  );
  const xs = [...at.values()].map((p) => p.x);
  const ys = [...at.values()].map((p) => p.y);
  const pad = 80;
  const [minX, minY] = [Math.min(...xs) - pad, Math.min(...ys) - pad];
  const width = Math.max(...xs) - minX + pad;
  const height = Math.max(...ys) - minY + pad;
  const lines = edges
    .filter((e) => at.has(e.from) && at.has(e.to))
    .map((e) => {
      const [a, b] = [at.get(e.from)!, at.get(e.to)!];
      return `<line x1="${a.x.toFixed(1)}" y1="${a.y.toFixed(1)}" x2="${b.x.toFixed(1)}" y2="${b.y.toFixed(1)}" stroke="#999"><title>${escapeHtml(e.type)}</title></line>`;
    });
  const circles = nodes.map((n) => {
    const p = at.get(n.id)!;
    const caption = n.caption.length > 40 ? `${n.caption.slice(0, 39)}…` : n.caption;
    return `<g><circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="12" fill="#4e79a7"><title>${escapeHtml(n.id)}</title></circle><text x="${p.x.toFixed(1)}" y="${(p.y + 26).toFixed(1)}" font-size="11" text-anchor="middle">${escapeHtml(caption)}</text></g>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${minX.toFixed(1)} ${minY.toFixed(1)} ${width.toFixed(1)} ${height.toFixed(1)}" role="img" aria-label="The case's graph">${lines.join('')}${circles.join('')}</svg>`;
}

function cite(sources: readonly { title: string; quote: string | null }[]): string {
  if (sources.length === 0) return '<em>no source</em>';
  return sources
    .map((s) => `${escapeHtml(s.title)}${s.quote ? `<blockquote>“${escapeHtml(s.quote)}”</blockquote>` : ''}`)
    .join('<br>');
}

export function renderCaseReport(
  opened: OpenedCase,
  facts: CaseFacts,
  reproduce: { cypher: string; params: unknown },
): string {
  const saved = opened.case;
  const byId = new Map(facts.nodes.map((n) => [n.node.id, n.node]));
  const name = (id: string) => escapeHtml(byId.get(id)?.caption ?? id);
  const messages = facts.nodes
    .filter((n) => n.node.label === 'Message')
    .sort((a, b) => String(a.node.properties.sentFrom ?? '').localeCompare(String(b.node.properties.sentFrom ?? '')));
  const stale = opened.stale
    ? `<p class="stale">The data changed since this case was saved: ${opened.changes.loadsSince} load(s) since, ${opened.replay.missing.length} element(s) gone, ${opened.changes.newMessages.length} new message(s) between its parties, ${opened.changes.decisions.length} same-as decision(s).</p>`
    : '';
  const policy = reportPolicy();
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(policy)}">
<title>${escapeHtml(saved.name)}</title>
<style>${STYLE}</style></head><body>
<h1>${escapeHtml(saved.name)}</h1>
${saved.question ? `<p><strong>Question:</strong> ${escapeHtml(saved.question)}</p>` : ''}
<p>Saved ${escapeHtml(saved.savedAt)} (version ${saved.versions}); data version ${escapeHtml(saved.dataVersion ?? 'unknown')}.</p>
${stale}
<h2>The graph</h2>
${svg(
  facts.nodes.map((n) => n.node),
  facts.facts,
  saved.view.positions ?? {},
)}
<h2>Messages in time order</h2>
<table><tr><th>when</th><th>precision</th><th>message</th><th>sources</th></tr>
${messages
  .map(
    (m) =>
      `<tr><td>${escapeHtml(String(m.node.properties.sentFrom ?? 'unknown'))}</td><td>${escapeHtml(String(m.node.properties.sentPrecision ?? 'unknown'))}</td><td>${escapeHtml(String(m.node.properties.text ?? m.node.properties.summary ?? m.node.caption))}</td><td>${cite(m.sources)}</td></tr>`,
  )
  .join('\n')}
</table>
<h2>Facts and their sources</h2>
<table><tr><th>fact</th><th>sources</th></tr>
${facts.facts.map((f) => `<tr><td>${name(f.from)} —${escapeHtml(f.type)}→ ${name(f.to)}</td><td>${cite(f.sources)}</td></tr>`).join('\n')}
${facts.nodes
  .filter((n) => n.node.label !== 'Message')
  .map((n) => `<tr><td>${escapeHtml(n.node.label)}: ${escapeHtml(n.node.caption)}</td><td>${cite(n.sources)}</td></tr>`)
  .join('\n')}
</table>
<h2>Notes</h2>
${saved.notes.length ? `<ul>${saved.notes.map((n) => `<li><strong>${name(n.on)}</strong>: ${escapeHtml(n.text)}</li>`).join('')}</ul>` : '<p>None.</p>'}
<h2>Reproduce</h2>
<pre>${escapeHtml(reproduce.cypher)}</pre>
<p>Parameters:</p>
<pre>${escapeHtml(JSON.stringify(reproduce.params, null, 2))}</pre>
</body></html>
`;
}
