import { describe, expect, it } from 'vitest';
import { attachmentDisposition, neutraliseFormula, reportCsv } from '../../server/services/campaign/report.service';

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
