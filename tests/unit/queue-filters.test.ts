import { describe, expect, it } from 'vitest';
import { DEFAULT_QUEUE_FILTERS, queueFiltersFromQuery, queueFiltersToQuery, sameQueueFilters } from '../../web/text/queue-filters';

describe('queueFiltersFromQuery', () => {
  it('reads every filter of /mod from the query string', () => {
    expect(queueFiltersFromQuery(new URLSearchParams('type=flag&board=qunzhong&status=resolved&mine=1&sort=most_flagged'))).toEqual({
      type: 'flag', board: 'qunzhong', status: 'resolved', mine: true, sort: 'most_flagged',
    });
  });

  it('gives the defaults for an empty query', () => {
    expect(queueFiltersFromQuery(new URLSearchParams(''))).toEqual(DEFAULT_QUEUE_FILTERS);
  });

  it('falls back to the default of each value it does not know (an edited or hostile link)', () => {
    const query = new URLSearchParams();
    query.set('type', 'drop table');
    query.set('board', 'Not A Slug/../x');
    query.set('status', 'closed');
    query.set('mine', 'yes');
    query.set('sort', '\u0000');
    expect(queueFiltersFromQuery(query)).toEqual(DEFAULT_QUEUE_FILTERS);
    expect(queueFiltersFromQuery(new URLSearchParams(`board=${'a'.repeat(60)}`)).board).toBe('');
  });
});

describe('queueFiltersToQuery', () => {
  it('leaves the defaults out, so the plain /mod link is the default list', () => {
    expect(queueFiltersToQuery(DEFAULT_QUEUE_FILTERS)).toBe('');
    expect(queueFiltersToQuery({ ...DEFAULT_QUEUE_FILTERS, type: 'appeal' })).toBe('type=appeal');
  });

  it('round-trips through queueFiltersFromQuery', () => {
    const filters = { type: 'held_post', board: 'xiaxiang', status: 'resolved', mine: true, sort: 'oldest' } as const;
    const query = queueFiltersToQuery(filters);
    expect(query).toBe('type=held_post&board=xiaxiang&status=resolved&mine=1&sort=oldest');
    expect(queueFiltersFromQuery(new URLSearchParams(query))).toEqual(filters);
  });
});

describe('sameQueueFilters', () => {
  it('tells whether two filter sets ask for the same list', () => {
    expect(sameQueueFilters(DEFAULT_QUEUE_FILTERS, { ...DEFAULT_QUEUE_FILTERS })).toBe(true);
    expect(sameQueueFilters(DEFAULT_QUEUE_FILTERS, { ...DEFAULT_QUEUE_FILTERS, mine: true })).toBe(false);
  });
});
