import { describe, expect, it } from 'vitest';
import { addressName, isRoleAddress, parseName } from '../../server/resolve/names.js';
import { proposeLinks } from '../../server/resolve/propose.js';
import { proposeSameAs } from '../../server/resolve/same-as.js';
import type { EntityFacts } from '../../server/resolve/same-as.js';

describe('names for resolution', () => {
  it.each([
    ['Allen, Phillip K.', 'Phillip K. Allen'],
    ['"Phillip K Allen" <phillip.allen@enron.com>', 'Phillip K. Allen'],
    ['Phillip K Allen/HOU/ECT', 'Phillip K. Allen'],
    ['PHILLIP ALLEN', 'Phillip Allen'],
    ['Dr. Jane van Dijk', 'Jane van Dijk'],
    ['Quentin Zorba (E-mail)', 'Quentin Zorba'],
    ['Ward, Kim S (Houston)', 'Kim S. Ward'],
    ['Jones, Robert W.- HR Exec', 'Robert W. Jones'],
    ['Baughman Jr., Don', 'Don Baughman Jr.'],
    ['Don.Baughman@enron.com ("Baughman Jr., Don")', 'Don Baughman Jr.'],
    ['DONALD TRUMP JR.', 'Donald Trump Jr.'],
  ])('reads %j as %j', (raw, shown) => {
    expect(parseName(raw)?.display).toBe(shown);
  });

  it.each([
    'Enron Support Team',
    'info',
    'k..allen@enron.com',
    'The <b> desk',
    'x1 y2',
    'DL-Traders Portland',
    'Enron General Announcements',
    'InSync Online',
    'CBS SportsLine.com',
    'Don.Baughman@enron.com (Don and Shannon)',
    'Clint & Jana Wilson',
    'THE BEARER',
  ])('refuses %j as a person', (raw) => {
    expect(parseName(raw)).toBeUndefined();
  });

  it('keeps middle initials and suffixes apart from first and last names', () => {
    expect(parseName('Marlow, Quincy E')).toMatchObject({ first: 'quincy', last: 'marlow', middle: 'e' });
    expect(parseName('Quincy J. Marlow')).toMatchObject({ first: 'quincy', last: 'marlow', middle: 'j' });
    expect(parseName('Murphy, Melissa Ann')).toMatchObject({ middle: 'a', suffix: '' });
    expect(parseName('Don Baughman Sr.')).toMatchObject({ last: 'baughman', suffix: 'sr' });
  });

  it('reads names from addresses and recognises role and list addresses', () => {
    expect(addressName('phillip.allen@enron.com')).toEqual({ first: 'phillip', middle: '', last: 'allen' });
    expect(addressName('k..allen@enron.com')).toEqual({ first: '', middle: 'k', last: 'allen' });
    expect(addressName('mery.l.brown@accenture.com')).toEqual({ first: 'mery', middle: 'l', last: 'brown' });
    expect(addressName('system.administrator@enron.com')).toBeUndefined();
    for (const role of [
      'all.employees@enron.com',
      'announcements.enron@enron.com',
      'noreply@hotornot.com',
      'dl-ga-all_enron_worldwide1@enron.com',
      'the_economist-business-admin@lists.economist.com',
      'no.address@enron.com',
    ])
      expect(isRoleAddress(role), role).toBe(true);
    for (const person of ['phillip.allen@enron.com', 'newsome.john@enron.com', 'shannontyer@email.msn.com'])
      expect(isRoleAddress(person), person).toBe(false);
  });
});

const account = (handle: string, displayNames: string[], platform = 'email') => ({
  id: `account:${platform}:${handle}`,
  platform,
  handle,
  displayNames,
});

describe('proposing links from accounts to people', () => {
  it('proposes one person for accounts with the same name, stronger when the address agrees', () => {
    const proposals = proposeLinks([
      account('phillip.allen@enron.com', ['Phillip K Allen', 'Allen, Phillip K.']),
      account('k..allen@enron.com', ['Phillip K Allen']),
      account('pallen70@hotmail.com', ['Phillip Allen']),
    ]);
    expect(proposals.map((p) => [p.account, p.person, p.personRef, p.confidence, p.method])).toEqual([
      ['account:email:k..allen@enron.com', 'Phillip K. Allen', 'resolve:phillip-k-allen', 0.9, 'display-name'],
      ['account:email:pallen70@hotmail.com', 'Phillip K. Allen', 'resolve:phillip-k-allen', 0.6, 'display-name'],
      ['account:email:phillip.allen@enron.com', 'Phillip K. Allen', 'resolve:phillip-k-allen', 0.9, 'display-name'],
    ]);
    expect(proposals[2]!.evidence).toEqual([
      'display name "Phillip K Allen" on phillip.allen@enron.com',
      'display name "Allen, Phillip K." on phillip.allen@enron.com',
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

  it('never proposes one person for conflicting middle initials, nor guesses between them', () => {
    const proposals = proposeLinks([
      account('qmarlow@example.org', ['Marlow, Quincy E']),
      account('quincy@example.com', ['Quincy J. Marlow']),
      account('qm@example.net', ['Quincy Marlow']),
    ]);
    expect(proposals.map((p) => [p.account, p.personRef])).toEqual([
      ['account:email:qmarlow@example.org', 'resolve:quincy-e-marlow'],
      ['account:email:quincy@example.com', 'resolve:quincy-j-marlow'],
    ]);
  });

  it('keeps Jr. and Sr. apart and leaves the bare name undecided between them', () => {
    const proposals = proposeLinks([
      account('don.baughman@enron.com', ['Baughman Jr., Don']),
      account('don.c.baughman@marshmc.com', ['Don C Baughman', 'Don Baughman Sr. (E-mail)']),
      account('dbaughm@yahoo.com', ['Don Baughman']),
    ]);
    expect(proposals.map((p) => [p.account, p.personRef])).toEqual([
      ['account:email:don.baughman@enron.com', 'resolve:don-baughman-jr'],
      ['account:email:don.c.baughman@marshmc.com', 'resolve:don-c-baughman-sr'],
    ]);
  });

  it('proposes no person for role and list addresses or names, and strips annotations', () => {
    const proposals = proposeLinks([
      account('dl-traders-portland@enron.com', ['DL-Traders Portland']),
      account('all.employees@enron.com', ['All Enron Employees']),
      account('announcements.enron@enron.com', ['Enron General Announcements']),
      account('noreply@hotornot.com', ['HOT or NOT']),
      account('qzorba@example.org', ['Quentin Zorba (E-mail)', 'Quentin Zorba']),
    ]);
    expect(proposals.map((p) => [p.account, p.person])).toEqual([
      ['account:email:qzorba@example.org', 'Quentin Zorba'],
    ]);
  });
});

describe('proposing same-as between entities', () => {
  const entity = (id: string, name: string, accounts: string[] = []): EntityFacts => ({
    id,
    label: id.startsWith('person:') ? 'Person' : 'Organization',
    ref: id.slice(id.indexOf(':') + 1),
    name,
    accounts,
  });

  it('proposes people of different datasets with the same folded name, and organizations without their legal form', () => {
    const proposals = proposeSameAs([
      entity('person:donald-trump-jr', 'Donald Trump Jr.'),
      entity('person:trumpworld:name:DONALD TRUMP JR.', 'DONALD TRUMP JR.'),
      entity('person:trumpworld:name:DONALD J. TRUMP', 'DONALD J. TRUMP'),
      entity('person:donald-trump', 'Donald Trump'),
      entity('person:trumpworld:name:DONALD TRUMP SR.', 'DONALD TRUMP SR.'),
      entity('organization:wikileaks', 'WikiLeaks'),
      entity('organization:trumpworld:name:WIKILEAKS LTD', 'WIKILEAKS LTD'),
    ]);
    expect(proposals.map((p) => [p.from, p.to, p.confidence, p.method])).toEqual([
      ['organization:trumpworld:name:WIKILEAKS LTD', 'organization:wikileaks', 0.7, 'same-name'],
      ['person:donald-trump', 'person:trumpworld:name:DONALD J. TRUMP', 0.7, 'same-name'],
      ['person:donald-trump-jr', 'person:trumpworld:name:DONALD TRUMP JR.', 0.9, 'same-name'],
    ]);
    expect(proposals[2]!.reason).toMatch(/the same name "Donald Trump Jr." \/ "DONALD TRUMP JR."/);
  });

  it('never proposes within one dataset by name, nor names too common to tell, nor conflicting initials', () => {
    const bearers = Array.from({ length: 8 }, (_, i) => entity(`person:registry:${i}`, 'John Smith'));
    const proposals = proposeSameAs([
      ...bearers,
      entity('person:other:john-smith', 'John Smith'),
      entity('person:a:1', 'Quincy E. Marlow'),
      entity('person:b:1', 'Quincy J. Marlow'),
    ]);
    expect(proposals).toEqual([]);
  });

  it('proposes entities that act through one account, surer with the same name too', () => {
    const proposals = proposeSameAs([
      entity('person:a:1', 'Jane Doe', ['account:twitter:jd']),
      entity('person:b:7', 'J. Doe', ['account:twitter:jd']),
      entity('person:c:1', 'Jane Doe', ['account:twitter:jd']),
    ]);
    expect(proposals.map((p) => [p.from, p.to, p.confidence, p.method])).toEqual([
      ['person:a:1', 'person:b:7', 0.8, 'shared-account'],
      ['person:a:1', 'person:c:1', 0.95, 'shared-account'],
      ['person:b:7', 'person:c:1', 0.8, 'shared-account'],
    ]);
  });
});
