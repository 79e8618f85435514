/**
 * `npx tsx tests/bench/rejudge.ts REPORT.json OUT.md`: a bench report's figures judged again by
 * this checkout's report.ts (its targets' rules) and rendered as Markdown, the figures as
 * they were measured; for a report whose run predates a change of a rule. A report of
 * tests/bench/size-ratio.bench.ts is judged and rendered likewise.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { judge, markdown, sizeRatioMarkdown, sizeRatioTarget, type BenchReport, type SizeRatioReport } from './report';
const [, , from, to] = process.argv;
const r = JSON.parse(readFileSync(from as string, 'utf8')) as (BenchReport & { targets?: unknown }) | (SizeRatioReport & { targets?: undefined });
if ('target' in r && !('targets' in r)) {
  // A report of tests/bench/size-ratio.bench.ts (the size-ratio phase alone).
  r.target = sizeRatioTarget(r.sizeRatio);
  writeFileSync(to as string, sizeRatioMarkdown(r, true));
} else {
  const full = r as BenchReport;
  if ('targets' in full) full.targets = judge(full);
  writeFileSync(to as string, markdown(full));
}
