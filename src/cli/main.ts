import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config';
import { setLogLevel } from '../common/logger';
import { CliError } from './cli-error';
import { commands } from './commands';

const USAGE = `peican — demand–supply matching for grassroots service work (基层点菜、上级配餐)

Usage: peican <command> [options]

Commands:
  serve [--port N] [--no-seed]
                        migrate, seed the demo data into an empty database (not in production),
                        serve GraphQL
  migrate               apply pending migrations
  migrate --create NAME write a new migration for the current database kind (developers)
  seed --demo | --file FILE [--force]
                        load the demo data, or data in its format (idempotent: rows already there
                        are left as they are); refused in production without --force
  user create --role ROLE --username NAME [--display-name TEXT] [--region ID] [--department ID]
                        create a user (the first admin: --role ADMIN); the password is asked for on
                        a terminal, or read from PEICAN_USER_PASSWORD
  facts                 rebuild the demand facts the match report reads (kept by every move; after
                        rows were changed by hand in SQL)
  schema [--check]      write schema/schema.graphql, or check that it is current
  match --input FILE [--output FILE] [--threshold N] [--lexicon FILE | --no-lexicon]
                        run the matching engine on a JSON problem (schema/match-problem.schema.json);
                        the result (schema/match-result.schema.json) goes to FILE or stdout; the
                        lexicon/ folder is read, then FILE of --lexicon (--no-lexicon: texts alone)
  match --demo          run it on the demo data and print a summary per county
  export --out F.xlsx|F.csv [--campaign ID] [--region ID]
                        the ledgers (台账): a workbook (demand ledger, figures per county, department
                        scorecards, gap analysis), or the demand ledger as CSV; latest campaign by default
  template demands|visits|supply --out F.xlsx
                        a spreadsheet to fill in: the list's columns (Chinese headers), an example
                        row, drop-downs, and a sheet explaining each column
  import demands|visits|supply --file F.xlsx|F.csv --campaign ID (--township ID | --department ID) [--dry-run]
                        read a filled-in list: every bad cell reported at once and nothing written,
                        else all of it in one transaction; a re-import adds nothing twice

Environment: DATABASE_URL (sqlite:path or postgres://…; default sqlite:data/peican.sqlite), PORT
(default 4000), PEICAN_TOKEN_SECRET, PEICAN_TOKEN_LIFETIME, PEICAN_INTROSPECTION,
PEICAN_ACCEPT_DAYS, PEICAN_LOG_LEVEL. See README.md.`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE + '\n');
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`peican: unknown command "${name}". Commands: ${Object.keys(commands).join(', ')}\n`);
    return 2;
  }
  let args;
  try {
    args = parseArgs({ args: rest, options: command.options, allowPositionals: command.positionals ?? false, strict: true });
  } catch (e) {
    process.stderr.write(`peican ${name}: ${(e as Error).message}\n`);
    return 2;
  }
  try {
    const values = args.values as Record<string, string | boolean | undefined>;
    if (command.standalone) return await command.run(undefined as never, values, args.positionals);
    const config = loadConfig();
    setLogLevel(config.logLevel);
    return await command.run(config, values, args.positionals);
  } catch (e) {
    if (e instanceof ConfigError || e instanceof CliError) {
      process.stderr.write(`peican ${name}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

/** Runs the command line on process.argv and sets the exit code (bin/peican.js calls this). */
export function runCli(): void {
  const argv = process.argv.slice(2);
  main(argv).then(
    (code) => {
      // `serve` keeps running after main resolves; every other command is done.
      if (code !== 0 || argv[0] !== 'serve') process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`peican: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 1;
    },
  );
}

if (require.main === module) runCli();
