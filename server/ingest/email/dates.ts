/**
 * The Date header, read as written: RFC 5322 dates (and their obsolete forms: named US zones, two-digit
 * years, no seconds) become ISO 8601 with the offset the sender wrote, never converted to UTC, so the
 * sender's local time stays visible.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** RFC 5322 §4.3 obsolete zone names, with their offsets in minutes. */
const NAMED_ZONES: Readonly<Record<string, number>> = {
  UT: 0,
  UTC: 0,
  GMT: 0,
  Z: 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
};

export type DateReading =
  { readonly ok: true; readonly iso: string; readonly note?: string } | { readonly ok: false; readonly reason: string };

const RFC5322 =
  /^(?:[A-Za-z]{3,9}\s*,?\s*)?(\d{1,2})[\s-]+([A-Za-z]{3,9})\.?[\s-]+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[A-Za-z]{1,5})?\s*(?:\(.*\))?\s*$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})$/i;

/** Email did not exist before 1971; a year outside these bounds is a broken clock or a typo (Enron has "0001"). */
const MIN_YEAR = 1970;
const MAX_YEAR = 2100;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function offsetText(minutes: number, negativeZero = false): string {
  const sign = minutes < 0 || (minutes === 0 && negativeZero) ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function build(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  offset: string,
): DateReading {
  if (month < 1 || month > 12) return { ok: false, reason: `no month ${month}` };
  if (year < MIN_YEAR || year > MAX_YEAR) return { ok: false, reason: `implausible year ${year}` };
  const check = new Date(Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59)));
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 60
  ) {
    return { ok: false, reason: 'no such day or time' };
  }
  // A leap second (":60") cannot be stored; the second before it is as close as ISO instants allow.
  const s = Math.min(second, 59);
  return {
    ok: true,
    iso: `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(s)}${offset}`,
  };
}

/**
 * Reads a Date header value. `-0000` (RFC 5322: "no information about the local zone") and a missing
 * zone are read as UTC, with a note saying so.
 */
export function readEmailDate(raw: string): DateReading {
  const text = raw.replace(/\s+/g, ' ').trim();
  if (text === '') return { ok: false, reason: 'empty' };
  const m = RFC5322.exec(text);
  if (m) {
    const [, d, mon, y, hh, mm, ss, zone] = m;
    const month = MONTHS.indexOf(mon!.slice(0, 3).toLowerCase()) + 1;
    if (month === 0) return { ok: false, reason: `unknown month ${JSON.stringify(mon)}` };
    let year = Number(y);
    // RFC 5322 §4.3: two-digit years 00–49 are 20xx, 50–99 are 19xx; three digits add 1900.
    if (y!.length === 2) year += year < 50 ? 2000 : 1900;
    else if (y!.length === 3) year += 1900;
    let offset: string;
    let note: string | undefined;
    if (zone === undefined) {
      offset = '+00:00';
      note = 'the Date header has no time zone; read as UTC';
    } else if (/^[+-]\d{4}$/.test(zone)) {
      const minutes = Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5));
      if (Number(zone.slice(3, 5)) > 59 || minutes > 14 * 60) {
        return { ok: false, reason: `impossible zone offset ${zone}` };
      }
      offset = `${zone.slice(0, 3)}:${zone.slice(3, 5)}`;
      if (zone === '-0000') {
        offset = '+00:00';
        note = 'the Date header says its zone is unknown (-0000); read as UTC';
      }
    } else {
      const minutes = NAMED_ZONES[zone.toUpperCase()];
      if (minutes === undefined) {
        offset = '+00:00';
        note = `the Date header has an unknown zone ${JSON.stringify(zone)}; read as UTC`;
      } else offset = offsetText(minutes);
    }
    const built = build(year, month, Number(d), Number(hh), Number(mm), Number(ss ?? 0), offset);
    return built.ok && note ? { ...built, note } : built;
  }
  const iso = ISO.exec(text);
  if (iso) {
    const [, y, mo, d, hh, mm, ss, zone] = iso;
    const offset = zone!.toUpperCase() === 'Z' ? '+00:00' : `${zone!.slice(0, 3)}:${zone!.slice(-2)}`;
    return build(Number(y), Number(mo), Number(d), Number(hh), Number(mm), Number(ss ?? 0), offset);
  }
  return { ok: false, reason: 'not an RFC 5322 date' };
}
