import type { FastifyInstance } from 'fastify';
import { Client } from '../helpers/client';
import { TEST_ADMIN } from '../setup/test-config';
import type { UserView } from '../../server/presenters/user.presenter';
import type { Role } from '../../server/domain/roles';

let sequence = 0;

/** A username no other test file or run uses. */
export function uniqueUsername(prefix = 'u'): string {
  sequence += 1;
  return `${prefix}${Date.now().toString(36)}${process.pid.toString(36)}${sequence}`.slice(0, 32);
}

const run = Math.floor(Math.random() * 0x10000).toString(16);
let addresses = 0;

/**
 * An address no other request of the test run uses, so that one test's per-address limits
 * (sign-in failures, registration, posting) never reach another's, even on the PostgreSQL
 * server that every test file shares. 2001:db8::/32 is kept for documentation; each address
 * has a /64 of its own (run, process, counter), so a limiter that groups IPv6 by /64 keeps them apart too.
 */
export function uniqueAddress(): string {
  addresses += 1;
  return `2001:db8:${run}:${(process.pid % 0x10000).toString(16)}:${(addresses >>> 16).toString(16)}:${(addresses & 0xffff).toString(16)}::1`;
}

/** A signed-in user and the client that acts as them. */
export interface SignedInUser {
  user: UserView;
  client: Client;
  password: string;
}

/** Registers a new member through the API (the real path) and returns their signed-in client. */
export async function registerUser(
  app: FastifyInstance,
  overrides: { username?: string; password?: string; displayName?: string; unitId?: number | null; roles?: Role[] } = {},
): Promise<SignedInUser> {
  const client = new Client(app);
  const password = overrides.password ?? 'a-good-password-1';
  const res = await client.post<{ user: UserView }>('/api/auth/register', {
    username: overrides.username ?? uniqueUsername(),
    password,
    displayName: overrides.displayName ?? '测试用户',
    ...(overrides.unitId !== undefined ? { unitId: overrides.unitId } : {}),
  }, { remoteAddress: uniqueAddress() });
  if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
  let user = res.data.user;
  if (overrides.roles) {
    const admin = await signInAdmin(app);
    const granted = await admin.put<{ user: UserView }>(`/api/users/${user.id}/roles`, { roles: overrides.roles });
    if (granted.statusCode !== 200) throw new Error(`roles failed: ${granted.statusCode} ${granted.body}`);
    user = granted.data.user;
  }
  return { user, client, password };
}

/** A client signed in as the seeded first admin. */
export async function signInAdmin(app: FastifyInstance): Promise<Client> {
  const client = new Client(app);
  // From an address of its own, as the admin's own office: tests that fail sign-ins on
  // purpose from the default address must not make the admin wait.
  const res = await client.post('/api/auth/login', TEST_ADMIN, { remoteAddress: uniqueAddress() });
  if (res.statusCode !== 200) throw new Error(`admin login failed: ${res.statusCode} ${res.body}`);
  return client;
}
