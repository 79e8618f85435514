/** The campaign's local time zone: dates such as "today" are compared in it. */
export const CAMPAIGN_TIME_ZONE = 'Asia/Shanghai';

/** The campaign zone's offset from UTC (China keeps one offset all year, without summer time). */
export const CAMPAIGN_UTC_OFFSET = '+08:00';

/** The moment a calendar day (YYYY-MM-DD) begins in the campaign's zone. */
export function startOfLocalDay(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00${CAMPAIGN_UTC_OFFSET}`);
}

/** Today's date (YYYY-MM-DD) in the campaign's zone, or the date of `now` there. */
export function localToday(now: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: CAMPAIGN_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The date `days` after (or before, when negative) an ISO date. */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
