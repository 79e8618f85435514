import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { users, type UserRow } from '../../db/schema';
import { canRestrict } from '../../domain/moderation';
import { EARLIEST_YEAR, LATEST_YEAR, isMomentInRange } from '../../domain/text';
import { AppError, fail } from '../../errors';
import type { RealtimeEvent } from '../../realtime/events';
import type { ServiceContext } from '../service-context';
import { endUserAccess } from '../accounts/password.service';
import { logAction } from './mod-log.service';
import { notifyModeration } from './notify';

/*
 * Measures on people: silence (禁言: can read, cannot write) and suspend (封禁: cannot sign
 * in; every session and token ends at once). Both end by themselves when their time passes
 * (every check compares with the clock), and DELETE lifts either early.
 */

/** 403 SILENCED when the user is silenced at `now`, with the end time in the message. */
export function assertNotSilenced(user: Pick<UserRow, 'silencedUntil'>, now: Date = new Date()): void {
  if (user.silencedUntil && user.silencedUntil.getTime() > now.getTime()) {
    const until = user.silencedUntil.toISOString();
    throw new AppError('SILENCED', {
      en: `You are silenced until ${until} and cannot post, edit, react or flag until then. You can still read.`,
      zh: `您已被禁言至 ${until}，在此之前不能发帖、编辑、回应或举报，但仍可浏览。`,
    });
  }
}

/** 403 SUSPENDED when the user is suspended at `now`, with the end time and the reason. */
export function assertNotSuspended(user: Pick<UserRow, 'suspendedUntil' | 'suspendReason'>, now: Date = new Date()): void {
  if (user.suspendedUntil && user.suspendedUntil.getTime() > now.getTime()) {
    const until = user.suspendedUntil.toISOString();
    const reason = user.suspendReason ?? '';
    throw new AppError('SUSPENDED', {
      en: `This account is suspended until ${until}. Reason: ${reason}`,
      zh: `该账号已被封禁至 ${until}。原因：${reason}`,
    });
  }
}

async function lockTarget(tx: Tx, actor: UserRow, userId: number): Promise<UserRow> {
  const [target] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
  if (!target) throw fail.notFound('No such user.', '没有这个用户。');
  if (!canRestrict(actor, target)) {
    throw fail.forbidden(
      'You cannot take this measure against this user (yourself, an admin, or — unless you are an admin — a moderator).',
      '不能对该用户采取此措施（本人、管理员，或非管理员对版主）。',
    );
  }
  return target;
}

function checkUntil(until: Date, now: Date, field = 'until'): void {
  if (!isMomentInRange(until.getTime())) throw fail.validation(field, `${field} must be a time between ${EARLIEST_YEAR} and ${LATEST_YEAR}.`, `截止时间须在 ${EARLIEST_YEAR} 至 ${LATEST_YEAR} 年之间。`);
  if (until.getTime() <= now.getTime()) throw fail.validation(field, `${field} must be in the future.`, '截止时间必须晚于现在。');
}

/** Silences a user until a time (inside the caller's transaction): log row and notification. */
export async function applySilence(tx: Tx, actor: UserRow, target: UserRow, until: Date, reason: string, options: { field?: string } = {}): Promise<RealtimeEvent[]> {
  const now = new Date();
  checkUntil(until, now, options.field);
  if (!canRestrict(actor, target)) throw fail.forbidden('You cannot silence this user.', '不能对该用户禁言。');
  await tx.update(users).set({ silencedUntil: until, silenceReason: reason }).where(eq(users.id, target.id));
  const log = await logAction(tx, {
    action: 'silence', moderatorId: actor.id, targetType: 'user', targetId: target.id, targetUserId: target.id, note: reason,
    before: { silencedUntil: target.silencedUntil?.toISOString() ?? null }, after: { silencedUntil: until.toISOString() },
  });
  return notifyModeration(tx, actor, {
    userId: target.id, type: 'user_silenced', postId: null, topicId: null,
    data: { modLogId: log.id, until: until.toISOString(), ...(reason ? { note: reason } : {}) },
  });
}

/** POST /api/users/:id/silence */
export async function silenceUser(ctx: ServiceContext, actor: UserRow, userId: number, until: Date, reason: string): Promise<UserRow> {
  const events = await ctx.db.transaction(async (tx) => applySilence(tx, actor, await lockTarget(tx, actor, userId), until, reason.trim()));
  ctx.realtime.publish(events);
  return reload(ctx, userId);
}

/**
 * POST /api/users/:id/suspend: the user cannot sign in until then; every session and API
 * token ends in the same transaction, and their sockets are dropped after commit.
 */
export async function suspendUser(ctx: ServiceContext, actor: UserRow, userId: number, until: Date, reason: string): Promise<UserRow> {
  const now = new Date();
  checkUntil(until, now);
  await ctx.db.transaction(async (tx) => {
    const target = await lockTarget(tx, actor, userId);
    await tx.update(users).set({ suspendedUntil: until, suspendReason: reason.trim() }).where(eq(users.id, target.id));
    await endUserAccess(tx, target.id, null);
    await logAction(tx, {
      action: 'suspend', moderatorId: actor.id, targetType: 'user', targetId: target.id, targetUserId: target.id, note: reason.trim(),
      before: { suspendedUntil: target.suspendedUntil?.toISOString() ?? null }, after: { suspendedUntil: until.toISOString() },
    });
  });
  ctx.realtime.disconnectUser(userId);
  return reload(ctx, userId);
}

/** DELETE /api/users/:id/silence or /suspend: lifts the measure now (logged). */
export async function liftMeasure(ctx: ServiceContext, actor: UserRow, userId: number, measure: 'silence' | 'suspend'): Promise<UserRow> {
  await ctx.db.transaction(async (tx) => {
    const target = await lockTarget(tx, actor, userId);
    const current = measure === 'silence' ? target.silencedUntil : target.suspendedUntil;
    if (current === null) return;
    await tx
      .update(users)
      .set(measure === 'silence' ? { silencedUntil: null, silenceReason: null } : { suspendedUntil: null, suspendReason: null })
      .where(eq(users.id, target.id));
    const key = measure === 'silence' ? 'silencedUntil' : 'suspendedUntil';
    await logAction(tx, {
      action: measure === 'silence' ? 'unsilence' : 'unsuspend', moderatorId: actor.id, targetType: 'user', targetId: target.id, targetUserId: target.id,
      before: { [key]: current.toISOString() }, after: { [key]: null },
    });
  });
  return reload(ctx, userId);
}

async function reload(ctx: ServiceContext, userId: number): Promise<UserRow> {
  const [row] = await ctx.db.select().from(users).where(eq(users.id, userId));
  if (!row) throw fail.notFound('No such user.', '没有这个用户。');
  return row;
}
