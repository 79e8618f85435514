/**
 * `npx tsx tests/bench/rejudge.ts REPORT.json OUT.md`: a bench report's figures judged again by
 * this checkout's report.ts (its targets' rules) and rendered as Markdown, the figures as
 * they were measured; for a report whose run predates a change of a rule.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { judge, markdown, type BenchReport } from './report';
const [, , from, to] = process.argv;
const r = JSON.parse(readFileSync(from as string, 'utf8')) as BenchReport & { targets?: unknown };
if ('targets' in r) r.targets = judge(r);
writeFileSync(to as string, markdown(r));
