/**
 * `backchannel resolve`: proposals (accounts → people, entities → same-as) and the analyst's
 * decisions on them, one by one or in bulk by confidence.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import type { Connection } from '../../db/connect.js';
import { formatResult } from '../../scripts/output-format.js';
import { proposeLinks } from '../../resolve/propose.js';
import { proposeSameAs } from '../../resolve/same-as.js';
import {
  accountLink,
  accountsToResolve,
  decide,
  decideByConfidence,
  entitiesToCompare,
  listProposals,
  readIdentityMapping,
  ResolveError,
  writeProposals,
} from '../../resolve/store.js';
import type { LinkType } from '../../resolve/propose.js';

type WithConnection = <T>(work: (connection: Connection) => Promise<T>) => Promise<T>;

const TYPES = { accounts: 'RESOLVED_TO', entities: 'SAME_AS' } as const;

function confidence(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n >= 0 && n <= 1)) throw new InvalidArgumentError('a number from 0 to 1');
  return n;
}

const typeOption = () =>
  new Option('--kind <kind>', 'only links of accounts to people, or same-as between entities').choices(
    Object.keys(TYPES),
  );

export function resolveCommand(withConnection: WithConnection, say: (line: string) => void): Command {
  const resolve = new Command('resolve').description(
    'Link accounts to the people behind them, and records of one entity to each other: proposals with evidence, decided by an analyst.',
  );
  resolve
    .command('propose', { isDefault: true })
    .description('Propose account → person links and same-as links between entities (decisions are kept).')
    .option('--mapping <file>', 'a YAML/JSON file of known identities to accept: [{person, accounts: [email:a@b.org]}]')
    .action(async (flags: { mapping?: string }) => {
      await withConnection(async (c) => {
        let proposed = 0;
        let accounts = 0;
        for await (const page of accountsToResolve(c.executor)) {
          accounts += page.length;
          proposed += await writeProposals(c.executor, proposeLinks(page).map(accountLink));
        }
        if (flags.mapping) {
          const known = readIdentityMapping(flags.mapping);
          for (const entry of known) {
            for (const account of entry.accounts) {
              await decide(c.executor, account, entry.person, 'accepted', flags.mapping, 'mapping', entry.name);
            }
          }
          say(`Accepted ${known.reduce((n, e) => n + e.accounts.length, 0)} links from ${flags.mapping}.`);
        }
        // After the accounts: an accepted link can make two entities share an account.
        const entities = await entitiesToCompare(c.executor);
        const sameAs = await writeProposals(c.executor, proposeSameAs(entities));
        say(
          `Resolve: ${accounts} accounts read, ${proposed} new proposals; ${entities.length} people and organizations compared, ${sameAs} new same-as proposals (see: backchannel resolve list).`,
        );
      });
    });
  for (const [verb, status] of [
    ['accept', 'accepted'],
    ['reject', 'rejected'],
  ] as const) {
    resolve
      .command(verb)
      .description(
        `${verb === 'accept' ? 'Accept' : 'Reject (or undo)'} a link: from an account to a person, or between two people or two organizations; or every open proposal from --min-confidence up.`,
      )
      .argument('[from]', 'account or entity id, e.g. account:email:phillip.allen@enron.com')
      .argument('[to]', 'person or entity id, e.g. person:resolve:phillip-k-allen')
      .option('--min-confidence <n>', 'decide every open proposal at or above this confidence', confidence)
      .addOption(typeOption())
      .option('--by <name>', 'who decides (recorded on the link)', process.env.USER ?? 'analyst')
      .action(
        async (
          from: string | undefined,
          to: string | undefined,
          flags: { by: string; minConfidence?: number; kind?: keyof typeof TYPES },
        ) => {
          if (flags.minConfidence !== undefined) {
            if (from !== undefined) throw new ResolveError(`give either two ids or --min-confidence, not both`);
            const type: LinkType | undefined = flags.kind && TYPES[flags.kind];
            const n = await withConnection((c) =>
              decideByConfidence(c.executor, flags.minConfidence!, status, flags.by, type),
            );
            say(`${n} proposals ${status} (confidence ≥ ${flags.minConfidence}).`);
            return;
          }
          if (from === undefined || to === undefined)
            throw new ResolveError(`resolve ${verb} needs <from> <to> ids, or --min-confidence <n>`);
          await withConnection((c) => decide(c.executor, from, to, status, flags.by));
          say(`${from} → ${to}: ${status}`);
        },
      );
  }
  resolve
    .command('list')
    .description('List proposals and decisions with their status, confidence and reason.')
    .addOption(new Option('--status <status>', 'only these').choices(['proposed', 'accepted', 'rejected']))
    .addOption(typeOption())
    .action(async (flags: { status?: string; kind?: keyof typeof TYPES }) => {
      const rows = await withConnection((c) =>
        listProposals(c.executor, { status: flags.status, type: flags.kind && TYPES[flags.kind] }),
      );
      process.stdout.write(
        formatResult('table', {
          columns: ['type', 'from', 'to', 'status', 'confidence', 'method', 'reason'],
          rows,
        }),
      );
    });
  return resolve;
}
