/** Access rules: parsing with clear errors, first-match decisions, exact domain matching, table patterns. */
import { decideAccess, parseAccessRules } from '../../../proxy/src/access/accessRules';

const RULES = parseAccessRules({
  groups: { eu: ['@eu.example.com', 'Ops@Example.com'] },
  rules: [
    {
      name: 'eu',
      who: ['group:eu'],
      tables: ['lake.orders'],
      rowFilters: {
        'lake.orders': [
          { column: 'region', values: ['EU'] },
          { column: 'status', operator: 'IN_LIST', values: ['a', 'b'], exclude: true },
        ],
      },
    },
    { name: 'staff', who: ['@example.com'], tables: ['lake.*'] },
    { name: 'auditor', who: ['audit@partner.test'], tables: ['*'] },
  ],
});

describe('access rules', () => {
  it('resolves table names case-insensitively, as Athena does, so `ORDERS` keeps the row filters of `orders`', () => {
    expect(decideAccess(RULES, 'eva@eu.example.com', 'LAKE', 'ORDERS')).toEqual(
      decideAccess(RULES, 'eva@eu.example.com', 'lake', 'orders'),
    );
  });

  it('applies domain entries to people only, not to an IAM ARN whose session name the caller chose', () => {
    expect(decideAccess(RULES, 'arn:aws:sts::1:assumed-role/other/eva@eu.example.com', 'lake', 'orders').allowed).toBe(
      false,
    );
  });

  it('lets the first matching rule decide, with its row filters for that table only', () => {
    expect(decideAccess(RULES, 'eva@eu.example.com', 'lake', 'orders')).toEqual({
      allowed: true,
      rule: 'eu',
      rowFilters: [
        { column: 'region', operator: 'EQUALS', values: ['EU'], exclude: false },
        { column: 'status', operator: 'IN_LIST', values: ['a', 'b'], exclude: true },
      ],
    });
    // ops@example.com is in the eu group (first rule), so the staff rule's wider tables do not apply.
    expect(decideAccess(RULES, 'OPS@example.com', 'lake', 'payments')).toEqual({ allowed: false, rule: 'eu' });
    expect(decideAccess(RULES, 'sam@example.com', 'lake', 'payments')).toEqual({
      allowed: true,
      rule: 'staff',
      rowFilters: [],
    });
    expect(decideAccess(RULES, 'sam@example.com', 'other', 'payments')).toEqual({ allowed: false, rule: 'staff' });
    expect(decideAccess(RULES, 'audit@partner.test', 'other', 'x')).toMatchObject({ allowed: true, rule: 'auditor' });
  });

  it('matches domains exactly: no subdomains, look-alikes or non-email identities', () => {
    for (const identity of [
      'a@sub.example.com',
      'a@evil-example.com',
      'a@example.com.evil.test',
      'sub:123',
      'AKIDEXAMPLE',
      '@example.com@x.test',
    ]) {
      expect(decideAccess(RULES, identity, 'lake', 'payments').allowed).toBe(false);
    }
  });

  it('refuses malformed files with a message naming the problem', () => {
    const cases: [unknown, RegExp][] = [
      [{ rules: [] }, /non-empty list/],
      [{ rules: [{ who: ['group:nope'], tables: ['*'] }] }, /unknown group "nope"/],
      [{ rules: [{ who: ['not an email'], tables: ['*'] }] }, /invalid entry "not an email"/],
      [{ rules: [{ who: ['*'], tables: ['lake'] }] }, /tables has an invalid entry "lake"/],
      [
        {
          rules: [
            { who: ['*'], tables: ['*'], rowFilters: { 'lake.t': [{ column: 'c', operator: 'DROP', values: [] }] } },
          ],
        },
        /operator must be one of/,
      ],
      [{ rules: [{ who: ['*'], tables: ['*'], rowFilters: { __proto__x: [] } }] }, /must be db.table/],
      [
        {
          rules: [
            { name: 'a', who: ['*'], tables: ['*'] },
            { name: 'a', who: ['*'], tables: ['*'] },
          ],
        },
        /two rules are named "a"/,
      ],
      [{ rules: [{ who: 'x@y.test', tables: ['*'] }] }, /who must be a list of strings/],
    ];
    for (const [json, message] of cases) expect(() => parseAccessRules(json)).toThrow(message);
  });
});
