import type { UserRef } from '../../../server/presenters/user.presenter';
import { MOD_LOG_ACTIONS, MOD_TARGET_TYPES, type ModLogAction, type ModTargetType } from '../../../server/domain/moderation';
import { t } from '../../i18n';

export { MOD_LOG_ACTIONS };

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

/** What a log row acted on (post, topic, user…), in the interface's language. */
export function targetName(type: string): string {
  return (MOD_TARGET_TYPES as readonly string[]).includes(type) ? t(`modTarget.${type as ModTargetType}`) : type;
}
