import type { Namespace } from './protocol';

/** The one place room names are made: `opening:<tenderId>`, `opening:<tenderId>:role:agency`, `opening:<tenderId>:user:<id>`. */
export function roomFor(ns: Namespace, tenderId: string, scope?: { role: string } | { userId: string }): string {
  if (!scope) {
    return `${ns}:${tenderId}`;
  }
  return 'role' in scope ? `${ns}:${tenderId}:role:${scope.role}` : `${ns}:${tenderId}:user:${scope.userId}`;
}

/** Every socket of one account, in every namespace: `account:<userId>` (disconnected when the account is disabled). */
export function accountRoom(userId: string): string {
  return `account:${userId}`;
}
