/** DESIGN.md's role table, cell by cell: a change to the table must change this test. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_PERMISSIONS, ROLES, forbiddenMessage, isAccountPermission, isRole, roleMay, rolesText, rolesThatMay,
  type AccountPermission, type Role,
} from './permissions';

// The table as DESIGN.md prints it: ✓ = 1, — = 0; columns admin, operator, operator_no_broadcast, operator_no_analytics.
const DESIGN_TABLE: Record<AccountPermission, [number, number, number, number]> = {
  read: [1, 1, 1, 1],
  edit: [1, 1, 1, 1],
  send: [1, 1, 0, 1],
  request_broadcast: [1, 1, 1, 1],
  results: [1, 1, 1, 0],
  export: [1, 1, 0, 0],
  manage: [1, 0, 0, 0],
};

describe('roleMay', () => {
  for (const permission of ACCOUNT_PERMISSIONS) {
    ROLES.forEach((role, col) => {
      const may = DESIGN_TABLE[permission][col] === 1;
      it(`${role} ${may ? 'may' : 'may not'} ${permission}`, () => {
        expect(roleMay(role, permission)).toBe(may);
      });
    });
  }

  it('an operator_no_broadcast may request a broadcast but not send one', () => {
    expect(roleMay('operator_no_broadcast', 'request_broadcast')).toBe(true);
    expect(roleMay('operator_no_broadcast', 'send')).toBe(false);
  });

  it('admin may do everything; every permission has at least admin', () => {
    fc.assert(fc.property(fc.constantFrom(...ACCOUNT_PERMISSIONS), (p) => {
      expect(roleMay('admin', p)).toBe(true);
      expect(rolesThatMay(p)[0]).toBe('admin');
    }));
  });

  it('rolesThatMay names exactly the roles roleMay allows, in the table\'s order', () => {
    fc.assert(fc.property(fc.constantFrom(...ACCOUNT_PERMISSIONS), (p) => {
      expect(rolesThatMay(p)).toEqual(ROLES.filter((r) => roleMay(r, p)));
    }));
    expect(rolesThatMay('export')).toEqual(['admin', 'operator']);
  });
});

describe('the 403 message', () => {
  it('names the caller\'s role and the roles that may', () => {
    expect(forbiddenMessage('operator_no_broadcast', 'send'))
      .toBe('Your role on this account is operator_no_broadcast; to send, schedule, test-send, cancel, approve or decline a broadcast you need the role admin, operator or operator_no_analytics. Ask an admin of the account.');
    expect(forbiddenMessage('operator', 'manage')).toContain('you need the role admin.');
  });
  it('joins role names for reading', () => {
    expect(rolesText(['admin'] as Role[])).toBe('admin');
    expect(rolesText(['admin', 'operator'])).toBe('admin or operator');
  });
});

describe('guards', () => {
  it('tells roles and account permissions from anything else', () => {
    expect(isRole('operator')).toBe(true);
    expect(isRole('owner')).toBe(false);
    expect(isRole(undefined)).toBe(false);
    expect(isAccountPermission('send')).toBe(true);
    expect(isAccountPermission('public')).toBe(false);
  });
});
