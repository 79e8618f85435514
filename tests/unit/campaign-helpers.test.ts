import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isIsoDate, localToday } from '../../server/services/campaign-dates';
import { attachmentDisposition, neutraliseFormula, reportCsv } from '../../server/services/campaign-report';
import { escapeLike } from '../../server/services/places';
import { decodeCursor, encodeCursor } from '../../server/services/keyset-cursor';

describe('campaign dates', () => {
  it('takes today in Beijing time, not UTC', () => {
    expect(localToday(new Date('2026-01-01T15:59:00Z'))).toBe('2026-01-01');
    expect(localToday(new Date('2026-01-01T16:00:00Z'))).toBe('2026-01-02');
  });

  it('knows real dates', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
  });

  it('adds days across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-01-01', '2026-01-31')).toBe(30);
  });
});

describe('report helpers', () => {
  it('neutralises formula cells', () => {
    expect(neutraliseFormula('=1+1')).toBe("'=1+1");
    expect(neutraliseFormula('+86 570')).toBe("'+86 570");
    expect(neutraliseFormula('-3')).toBe("'-3");
    expect(neutraliseFormula('@cmd')).toBe("'@cmd");
    expect(neutraliseFormula('村里 = 好')).toBe('村里 = 好');
  });

  it('writes CSV with a BOM, quoted fields and CRLF', () => {
    const csv = reportCsv([{ cells: ['a"b', 'c,d', 'e\nf'], unitId: 1, placeId: 1, kind: 'village' }]);
    expect(csv.startsWith('\uFEFF"日期"')).toBe(true);
    expect(csv.endsWith('"a""b","c,d","e\nf"\r\n')).toBe(true);
  });

  it('names the attachment in UTF-8 with an ASCII fallback', () => {
    expect(attachmentDisposition('走访(1).csv', 'report.csv')).toBe(`attachment; filename="report.csv"; filename*=UTF-8''%E8%B5%B0%E8%AE%BF%281%29.csv`);
  });
});

describe('search and cursors', () => {
  it('escapes LIKE wildcards', () => {
    expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
  });

  it('round-trips a cursor and refuses one of another list', () => {
    const c = encodeCursor('visits', ['2026-01-01', 5]);
    expect(decodeCursor('visits', c, ['s', 'n'])).toEqual(['2026-01-01', 5]);
    expect(() => decodeCursor('places', c, ['s', 'n'])).toThrow();
    expect(() => decodeCursor('visits', c, ['n', 'n'])).toThrow();
  });
});
