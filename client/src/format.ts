/**
 * Times as the analyst reads them, always with how precisely they are known: "12 Oct 2016 (day)",
 * "12 Oct 2016, 14:03 UTC (minute)", "between 1 and 12 Oct 2016 (range)", "time unknown"; ISO
 * durations in words ("PT15M" → "15 minutes"). Pure: no DOM.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "12 Oct 2016" (UTC). */
export function formatDay(iso: string | null | undefined): string {
  const d = parse(iso);
  if (!d) return '?';
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "12 Oct 2016, 14:03 UTC" or with seconds. */
export function formatDateTime(iso: string | null | undefined, seconds = false): string {
  const d = parse(iso);
  if (!d) return '?';
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}${seconds ? `:${pad(d.getUTCSeconds())}` : ''}`;
  return `${formatDay(iso)}, ${time} UTC`;
}

/** "20 Sep–12 Oct 2016", "12 Oct 2016", "3 Mar 2015–12 Oct 2016". */
export function formatSpan(first: string | null | undefined, last: string | null | undefined): string {
  const a = parse(first);
  const b = parse(last);
  if (!a && !b) return 'undated';
  if (!a || !b) return formatDay(first ?? last);
  if (formatDay(first) === formatDay(last)) return formatDay(first);
  if (a.getUTCFullYear() === b.getUTCFullYear()) {
    if (a.getUTCMonth() === b.getUTCMonth()) {
      return `${a.getUTCDate()}–${b.getUTCDate()} ${MONTHS[b.getUTCMonth()]} ${b.getUTCFullYear()}`;
    }
    return `${a.getUTCDate()} ${MONTHS[a.getUTCMonth()]}–${formatDay(last)}`;
  }
  return `${formatDay(first)}–${formatDay(last)}`;
}

/** A message's sending time with its precision, as the model stores it. */
export function formatSent(precision: unknown, from: unknown, to: unknown): string {
  const f = typeof from === 'string' ? from : null;
  const t = typeof to === 'string' ? to : null;
  switch (precision) {
    case 'instant':
      return `${formatDateTime(f, true)} (instant)`;
    case 'minute':
      return `${formatDateTime(f)} (minute)`;
    case 'day':
      return `${formatDay(f)} (day)`;
    case 'range':
      return `between ${formatSpan(f, t).replace('–', ' and ')} (range)`;
    default:
      return f ? `${formatSpan(f, t)} (${String(precision ?? 'unknown precision')})` : 'time unknown';
  }
}

const UNITS: [string, string][] = [
  ['Y', 'year'],
  ['M', 'month'],
  ['W', 'week'],
  ['D', 'day'],
  ['H', 'hour'],
  ['TM', 'minute'],
  ['S', 'second'],
];

/** "PT15M" → "15 minutes", "P2D" → "2 days", "P1DT2H" → "1 day 2 hours". */
export function formatDuration(iso: string): string {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
    iso,
  );
  if (!m) return iso;
  const parts: string[] = [];
  m.slice(1).forEach((value, i) => {
    if (!value || Number(value) === 0) return;
    const unit = UNITS[i]![1];
    parts.push(`${value} ${unit}${Number(value) === 1 ? '' : 's'}`);
  });
  return parts.join(' ') || '0 minutes';
}

/** Milliseconds of an ISO duration (months as 30 days, years as 365), for placing on a time axis. */
export function durationMs(iso: string): number | null {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
    iso,
  );
  if (!m) return null;
  const n = (i: number) => Number(m[i] ?? 0);
  const day = 86_400_000;
  return (
    n(1) * 365 * day + n(2) * 30 * day + n(3) * 7 * day + n(4) * day + n(5) * 3_600_000 + n(6) * 60_000 + n(7) * 1000
  );
}

/** "3 msgs · 20 Sep–12 Oct 2016" for a correspondence bundle. */
export function bundleCaption(messages: unknown, first: unknown, last: unknown): string {
  const n = typeof messages === 'number' ? messages : Number(messages) || 0;
  const span = formatSpan(typeof first === 'string' ? first : null, typeof last === 'string' ? last : null);
  return `${n} msg${n === 1 ? '' : 's'} · ${span}`;
}

/** An ISO day (YYYY-MM-DD) → the first and last instants of it, UTC. */
export function dayBounds(day: string): { from: string; to: string } {
  return { from: `${day}T00:00:00Z`, to: `${day}T23:59:59Z` };
}

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Values of any property, for tables and the details panel. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // A list of values, or of nodes, relationships and paths (a saved query's graph column).
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    // A node or relationship from a console answer.
    if (Array.isArray(v.labels) && typeof v.elementId === 'string') {
      const props = (v.properties ?? {}) as Record<string, unknown>;
      const name =
        props.name ??
        props.handle ??
        props.title ??
        props.url ??
        props.subject ??
        props.summary ??
        props.text ??
        props.id;
      const text = String(name ?? v.elementId).replace(/\s+/g, ' ');
      return `(:${(v.labels as string[]).join(':')} ${text.length > 60 ? `${text.slice(0, 59)}…` : text})`;
    }
    if (typeof v.type === 'string' && typeof v.startElementId === 'string') return `[:${v.type}]`;
    // A path: its nodes joined by its relationships' types.
    if (Array.isArray(v.nodes) && Array.isArray(v.relationships)) {
      const nodes = v.nodes.map((n) => formatValue(n).replace(/^\(:\w+(?::\w+)* (.*)\)$/, '$1'));
      const rels = (v.relationships as { type?: unknown }[]).map((r) => String(r?.type ?? '?'));
      return nodes.map((n, i) => (i < rels.length ? `${n} -${rels[i]}→ ` : n)).join('');
    }
    return JSON.stringify(value);
  }
  return String(value);
}

/**
 * Invisible characters that reorder or hide what is around them (bidirectional embeddings,
 * overrides, isolates and marks; "Trojan Source"): `invoice\u202Efdp.exe` would read as
 * "invoiceexe.pdf". Letters of right-to-left scripts are not among them and stay as they are.
 */
const CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The text with each such character shown as its code point, e.g. "invoice[U+202E]fdp.exe". */
export function revealControls(value: string): string {
  return value.replace(CONTROLS, (c) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`);
}
