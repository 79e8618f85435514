import type { UserRef } from '../../../server/presenters/user.presenter';
import { t } from '../../i18n';

/** The moderation log's actions (the contract's list), each with its label in the catalogues. */
export const MOD_LOG_ACTIONS = ['hide', 'unhide', 'lock', 'unlock', 'pin', 'unpin', 'move', 'silence', 'unsilence', 'suspend', 'unsuspend', 'dismiss', 'approve', 'reject', 'confirm_visit', 'reject_visit', 'link_visit', 'uphold', 'overturn', 'board_update', 'watched_word_add', 'watched_word_delete', 'watched_word_import'] as const;
/** One of MOD_LOG_ACTIONS. */
export type ModLogAction = (typeof MOD_LOG_ACTIONS)[number];

function isLogAction(value: string): value is ModLogAction {
  return (MOD_LOG_ACTIONS as readonly string[]).includes(value);
}

/** What a moderation action is called (a log row, a resolution); an unknown one shows as it came. */
export function actionName(action: string): string {
  return isLogAction(action) ? t(`modAction.${action}`) : action;
}

/** How a person is named in moderation lists: their display name, else their username. */
export function userName(user: UserRef | null): string {
  return user ? user.displayName || user.username : '—';
}
