import { describe, expect, it } from 'vitest';
import { addressNameKey, cleanName, nameKey, proposeLinks } from '../../server/resolve/propose.js';

describe('names for resolution', () => {
  it.each([
    ['Allen, Phillip K.', 'Phillip K. Allen'],
    ['"Phillip K Allen" <phillip.allen@enron.com>', 'Phillip K Allen'],
    ['Phillip K Allen/HOU/ECT', 'Phillip K Allen'],
    ['PHILLIP ALLEN', 'Phillip Allen'],
    ['Dr. Jane van Dijk', 'Jane van Dijk'],
  ])('cleans %j to %j', (raw, clean) => {
    expect(cleanName(raw)).toBe(clean);
  });

  it.each(['Enron Support Team', 'info', 'k..allen@enron.com', 'The <b> desk', 'x1 y2'])(
    'refuses %j as a name',
    (raw) => {
      expect(cleanName(raw)).toBeUndefined();
    },
  );

  it('keys names by first and last word', () => {
    expect(nameKey('Phillip K. Allen')).toBe('phillip allen');
    expect(nameKey('Phillip Allen')).toBe('phillip allen');
    expect(addressNameKey('phillip.allen@enron.com')).toBe('phillip allen');
    expect(addressNameKey('k..allen@enron.com')).toBe('');
  });
});

describe('proposing links', () => {
  const account = (handle: string, displayNames: string[], platform = 'email') => ({
    id: `account:${platform}:${handle}`,
    platform,
    handle,
    displayNames,
  });

  it('proposes one person for accounts with the same name, stronger when the address agrees', () => {
    const proposals = proposeLinks([
      account('phillip.allen@enron.com', ['Phillip K Allen', 'Allen, Phillip K.']),
      account('k..allen@enron.com', ['Phillip K Allen']),
      account('pallen70@hotmail.com', ['Phillip Allen']),
    ]);
    expect(proposals.map((p) => [p.account, p.person, p.confidence, p.method])).toEqual([
      ['account:email:phillip.allen@enron.com', 'Phillip K Allen', 0.9, 'display-name'],
      ['account:email:k..allen@enron.com', 'Phillip K Allen', 0.7, 'display-name'],
      ['account:email:pallen70@hotmail.com', 'Phillip K Allen', 0.7, 'display-name'],
    ]);
    expect(proposals[0]!.evidence).toEqual([
      'display name "Phillip K Allen" on phillip.allen@enron.com',
      'display name "Phillip K. Allen" on phillip.allen@enron.com',
    ]);
  });

  it('falls back on the address, weakly, and proposes nothing for a mailbox with several names', () => {
    const proposals = proposeLinks([
      account('jane.doe@example.org', []),
      account('desk@example.org', ['Jane Doe', 'John Roe']),
      account('jdoe', ['Jane Doe'], 'twitter'),
    ]);
    expect(proposals.map((p) => [p.account, p.person, p.confidence])).toEqual([
      ['account:email:jane.doe@example.org', 'Jane Doe', 0.5],
      ['account:twitter:jdoe', 'Jane Doe', 0.7],
    ]);
  });
});
