/*
 * Calendar dates as the campaign API writes them (YYYY-MM-DD, no time and no zone). They
 * are computed on strings and UTC dates so that no time zone can move a day. Whether a text
 * is such a date at all is the server's rule: isCalendarDate of server/domain/text.ts.
 */

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** The ISO date of a UTC Date. */
function isoOf(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** Parses YYYY-MM-DD into a Date at UTC midnight, or null when it is no real date. */
export function parseIsoDate(iso: string): Date | null {
  const found = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!found) return null;
  const date = new Date(Date.UTC(Number(found[1]), Number(found[2]) - 1, Number(found[3])));
  return isoOf(date) === iso ? date : null;
}

/** Today on this device's calendar. */
export function todayIso(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** `iso` moved by `days` (negative for earlier). */
export function addDays(iso: string, days: number): string {
  const date = parseIsoDate(iso);
  if (!date) return iso;
  date.setUTCDate(date.getUTCDate() + days);
  return isoOf(date);
}

/** The month (YYYY-MM) of an ISO date. */
export function monthOf(iso: string): string {
  return iso.slice(0, 7);
}

/** The month `months` after (or before) `month` (YYYY-MM). */
export function addMonths(month: string, months: number): string {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const date = new Date(Date.UTC(year, mon - 1 + months, 1));
  return isoOf(date).slice(0, 7);
}

/** The first and last day of a month (YYYY-MM). */
export function monthRange(month: string): { from: string; to: string } {
  const from = `${month}-01`;
  const to = addDays(`${addMonths(month, 1)}-01`, -1);
  return { from, to };
}
