import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import type { PostingFloorPlan } from './posting-floor-server';

/**
 * The plan of the posting floor (tests/bench/posting-floor-server.ts): an app built in this
 * process with its statement log on signs in as the admin, opens `writers` topics on the
 * board and writes one reply to each, recording the statements each reply ran with their
 * parameters and the bytes it answered. The floor then runs, for each reply to one of those
 * topics, exactly those statements. Answers the plan file and the topics' reply paths (the
 * load goes to those, one writer per topic, as on the app).
 */
export async function capturePostingFloor(o: {
  env: Record<string, string>;
  databaseUrl: string;
  boardSlug: string;
  writers: number;
  /** The floor's group size: the app's POST_COMMIT_GROUP. */
  group: number;
  adminUsername: string;
  adminPassword: string;
  body: string;
}): Promise<{ planFile: string; topicPaths: string[] }> {
  const probe = await buildApp(loadConfig({ ...o.env, DATABASE_URL: o.databaseUrl, LOG_LEVEL: 'silent' }), { logger: false, countStatements: true });
  try {
    const login = await probe.inject({ method: 'POST', url: '/api/auth/login', payload: { username: o.adminUsername, password: o.adminPassword } });
    if (login.statusCode !== 200) throw new Error(`floor sign-in failed: ${login.statusCode} ${login.body}`);
    const cookie = String(login.headers['set-cookie'] ?? '').split(';')[0] ?? '';
    const headers = { 'content-type': 'application/json', cookie, 'x-csrf-token': (login.json() as { csrfToken: string }).csrfToken };
    const replies: PostingFloorPlan['replies'] = {};
    const topicPaths: string[] = [];
    for (let t = 0; t < o.writers; t += 1) {
      const created = await probe.inject({ method: 'POST', url: `/api/boards/${o.boardSlug}/topics`, headers, payload: JSON.stringify({ title: `基准测试 floor-${t}`, body: '并发写入的主题' }) });
      if (created.statusCode !== 201) throw new Error(`floor topic: ${created.statusCode} ${created.body}`);
      const topicId = (created.json() as { topic: { id: number } }).topic.id;
      const url = `/api/topics/${topicId}/posts`;
      const { result, statements } = await probe.statementLog!.record(() => probe.inject({ method: 'POST', url, headers, payload: o.body }));
      if (result.statusCode !== 201) throw new Error(`floor reply: ${result.statusCode} ${result.body}`);
      replies[String(topicId)] = {
        status: result.statusCode, contentType: String(result.headers['content-type']), body: result.body,
        statements: statements.map((s) => ({ sql: s.sql, params: s.params })),
      };
      topicPaths.push(url);
    }
    const planFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'gr-posting-floor-')), 'plan.json');
    writeFileSync(planFile, JSON.stringify({ url: o.databaseUrl, group: o.group, replies } satisfies PostingFloorPlan));
    return { planFile, topicPaths };
  } finally {
    await probe.close();
  }
}
