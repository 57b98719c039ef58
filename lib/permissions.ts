/**
 * Who may do what: DESIGN.md's role table as data. Roles are per account and mirror LINE Official
 * Account Manager's. Every route of the sync API declares one `Permission`
 * (server/src/routes/**\/routes.ts); the router enforces it in one place and the OpenAPI document
 * shows it. Pure: the extension reads the same table to hide what a role may not do.
 */

export const ROLES = ['admin', 'operator', 'operator_no_broadcast', 'operator_no_analytics'] as const;
export type Role = (typeof ROLES)[number];

/** What a role may do within one account. */
export const ACCOUNT_PERMISSIONS = ['read', 'edit', 'send', 'request_broadcast', 'results', 'export', 'manage'] as const;
export type AccountPermission = (typeof ACCOUNT_PERMISSIONS)[number];

/**
 * Routes outside an account:
 * - `public`: anyone, no token (health, the OpenAPI document, sign-in, accepting an invite, vendor
 *   webhooks that check their own signature);
 * - `signed_in`: any valid credential — the admin token, a script token or a member's session;
 * - `member`: a member's session only (what a person does for themself: /v1/me, sign out, connect);
 * - `admin_token`: the server's admin token (LUMO_ADMIN_TOKEN) only.
 */
export const GLOBAL_PERMISSIONS = ['public', 'signed_in', 'member', 'admin_token'] as const;
export type GlobalPermission = (typeof GLOBAL_PERMISSIONS)[number];

export type Permission = AccountPermission | GlobalPermission;
export const PERMISSIONS: readonly Permission[] = [...ACCOUNT_PERMISSIONS, ...GLOBAL_PERMISSIONS];

export const isAccountPermission = (p: Permission): p is AccountPermission =>
  (ACCOUNT_PERMISSIONS as readonly string[]).includes(p);
export const isRole = (v: unknown): v is Role => (ROLES as readonly unknown[]).includes(v);

/** DESIGN.md, "People and roles": the table, row by row. */
export const ROLE_TABLE: Record<AccountPermission, readonly Role[]> = {
  read: ROLES,
  edit: ROLES,
  send: ['admin', 'operator', 'operator_no_analytics'],
  request_broadcast: ROLES,
  results: ['admin', 'operator', 'operator_no_broadcast'],
  export: ['admin', 'operator'],
  manage: ['admin'],
};

/** What each permission covers, in the words of DESIGN.md's table (OpenAPI, README, 403s). */
export const PERMISSION_TEXT: Record<Permission, string> = {
  read: 'read segments, previews, friends, tags, catalog, integration status, activity',
  edit: 'change segments, folders, tags, friends\' tags, bulk tag; agent',
  send: 'send, schedule, test-send, cancel, approve or decline a broadcast',
  request_broadcast: 'create a broadcast awaiting approval',
  results: 'broadcast results',
  export: 'export friends (CSV)',
  manage: 'integrations, members, invites, tokens',
  public: 'anyone, no token',
  signed_in: 'any valid token: the admin token, a script token or a member\'s session',
  member: 'a signed-in member (a session token from POST /v1/sessions)',
  admin_token: 'the admin token (LUMO_ADMIN_TOKEN) only',
};

export function roleMay(role: Role, permission: AccountPermission): boolean {
  return ROLE_TABLE[permission].includes(role);
}

/**
 * What the extension shows a caller: `null` is the server's admin token, which may do everything;
 * `undefined` a role not known yet, which may nothing until it is (the sync API decides anyway).
 */
export function callerMay(role: Role | null | undefined, permission: AccountPermission): boolean {
  return role === null || (role !== undefined && roleMay(role, permission));
}

/** The roles that may, in the table's order: for a 403's message and the OpenAPI document. */
export function rolesThatMay(permission: AccountPermission): Role[] {
  return ROLES.filter((r) => roleMay(r, permission));
}

/** "admin or operator", "admin, operator or operator_no_analytics". */
export function rolesText(roles: readonly Role[]): string {
  if (roles.length <= 1) return roles.join('');
  return `${roles.slice(0, -1).join(', ')} or ${roles[roles.length - 1]}`;
}

/** The 403's message: what the caller's role is, and which role it needs. */
export function forbiddenMessage(role: Role, permission: AccountPermission): string {
  return `Your role on this account is ${role}; to ${PERMISSION_TEXT[permission]} you need the role ${rolesText(rolesThatMay(permission))}. Ask an admin of the account.`;
}
