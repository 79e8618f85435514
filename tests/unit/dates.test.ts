import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, localToday } from '../../server/lib/dates';

describe('campaign dates', () => {
  it('takes today in Beijing time, not UTC', () => {
    expect(localToday(new Date('2026-01-01T15:59:00Z'))).toBe('2026-01-01');
    expect(localToday(new Date('2026-01-01T16:00:00Z'))).toBe('2026-01-02');
  });

  it('adds days across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-01-01', '2026-01-31')).toBe(30);
  });
});
