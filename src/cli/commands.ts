import type { MikroORM } from '@mikro-orm/core';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { printSchema } from 'graphql';
import type { ParseArgsConfig } from 'node:util';
import { readDemoData, seedDemo } from '../../seeds/seeder';
import type { Config } from '../config';
import { demoDataFile, schemaFile } from '../common/paths';
import { initORM, migrate } from '../db';
import { Region } from '../modules/region/region.entity';
import { User } from '../modules/user/user.entity';
import { getSchema } from '../schema';
import { createServer } from '../server';
import { CliError } from './cli-error';
import { runMatch } from './match';
import { configuredLexicon, LexiconFileError } from '../modules/matching/lexicon-files';
import { PASSWORD_ENV, userCreate } from './user';
import { AppError } from '../common/errors';
import { localContext } from '../context';
import { rebuildFacts } from '../modules/report/demand-facts';
import { describeChoice, ledgerCsv, ledgerWorkbook } from '../modules/report/ledger';
import { runImport, writeTemplate } from './intake';

type Values = Record<string, string | boolean | undefined>;

export interface Command {
  options: ParseArgsConfig['options'];
  /** Needs no configuration (no database, no secret): runs before any is read. */
  standalone?: boolean;
  /** Takes words after the command (`user create`). */
  positionals?: boolean;
  run(config: Config, values: Values, positionals: string[]): Promise<number>;
}

const out = (line: string) => process.stdout.write(line + '\n');

async function withOrm<T>(config: Config, fn: (orm: MikroORM) => Promise<T>): Promise<T> {
  const orm = await initORM(config.database);
  try {
    return await fn(orm);
  } finally {
    await orm.close();
  }
}

function describeDatabase(config: Config): string {
  return config.database.driver === 'sqlite' ? `SQLite ${config.database.url}` : 'PostgreSQL ' + config.database.url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

export async function seedIfEmpty(orm: MikroORM): Promise<boolean> {
  if ((await orm.em.fork().count(Region, {})) > 0) return false;
  if (!existsSync(demoDataFile)) {
    out(`No demo data at ${demoDataFile}: serving an empty database.`);
    return false;
  }
  await seedDemo(orm.em);
  return true;
}

export const commands: Record<string, Command> = {
  serve: {
    options: { port: { type: 'string' }, 'no-seed': { type: 'boolean' } },
    async run(config, values) {
      const port = values.port ? Number(values.port) : config.port;
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port: "${values.port}" is not a port number`);
      // A deployment's lexicon file is checked now, not at the first matching run.
      try {
        configuredLexicon(config);
      } catch (e) {
        if (e instanceof LexiconFileError) throw new CliError(e.message);
        throw e;
      }
      const orm = await initORM(config.database);
      const applied = await migrate(orm);
      if (applied.length) out(`Applied migrations: ${applied.join(', ')}`);
      // The demo's users sign in with a published password: production seeds nothing (`peican seed --demo --force` if meant).
      const production = config.env === 'production';
      if (!production && !values['no-seed'] && (await seedIfEmpty(orm))) out('Loaded the demo data into the empty database.');
      const server = await createServer(orm, config);
      const url = await server.listen(port);
      out(`peican is serving GraphQL at ${url}  (${describeDatabase(config)})`);
      if (production) {
        if ((await orm.em.fork().count(User, {})) === 0) {
          out(`No users yet: create the first admin with "peican user create --role ADMIN --username NAME" (it asks for the password, or reads ${PASSWORD_ENV}).`);
        }
      } else {
        const users = await orm.em.fork().find(User, {}, { orderBy: { username: 'asc' } });
        if (users.length) {
          out('Demo logins (password "peican-demo" unless changed):');
          for (const u of users) out(`  ${u.username.padEnd(22)} ${u.role}`);
        }
      }
      const shutdown = async () => {
        await server.stop();
        await orm.close();
        process.exit(0);
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
      return 0;
    },
  },

  migrate: {
    options: { create: { type: 'string' } },
    async run(config, values) {
      return withOrm(config, async (orm) => {
        if (typeof values.create === 'string') {
          const result = await orm.getMigrator().createMigration(undefined, false, false, values.create);
          out(result.fileName ? `Wrote ${result.fileName}: add it to src/migrations/index.ts` : 'No changes: nothing written');
          return 0;
        }
        const applied = await migrate(orm);
        out(applied.length ? `Applied: ${applied.join(', ')}` : 'Up to date: no pending migrations');
        return 0;
      });
    },
  },

  seed: {
    options: { demo: { type: 'boolean' }, file: { type: 'string' }, force: { type: 'boolean' } },
    async run(config, values) {
      const file = typeof values.file === 'string' ? values.file : undefined;
      if (!!values.demo === !!file) throw new CliError(`give --demo (the demo data, ${demoDataFile}) or --file F (data in its format), one of them`);
      if (config.env === 'production' && !values.force) {
        throw new CliError(
          values.demo
            ? 'refused in production (NODE_ENV=production): the demo data\'s users sign in with the published password "peican-demo"; add --force if this database is meant to hold them'
            : 'refused in production (NODE_ENV=production): the file\'s users sign in with the passwords written in it; add --force if this database is meant to hold them',
        );
      }
      const data = readDemoData(file);
      return withOrm(config, async (orm) => {
        await migrate(orm);
        const { inserted } = await seedDemo(orm.em, data);
        const parts = Object.entries(inserted).map(([k, n]) => `${n} ${k}`);
        out(parts.length ? `Seeded: ${parts.join(', ')}` : 'The demo data is already there: nothing inserted');
        return 0;
      });
    },
  },

  user: {
    options: { role: { type: 'string' }, username: { type: 'string' }, 'display-name': { type: 'string' }, region: { type: 'string' }, department: { type: 'string' } },
    positionals: true,
    async run(config, values, positionals) {
      if (positionals.length !== 1 || positionals[0] !== 'create') throw new CliError('give "user create --role ROLE --username NAME [--display-name …] [--region ID] [--department ID]"');
      return withOrm(config, async (orm) => {
        await migrate(orm);
        return userCreate(orm, config, values as Record<string, string | undefined>, out);
      });
    },
  },

  facts: {
    options: {},
    async run(config) {
      return withOrm(config, async (orm) => {
        await migrate(orm);
        out(`Rebuilt the demand facts of ${await rebuildFacts(orm.em)} submitted demands`);
        return 0;
      });
    },
  },

  schema: {
    options: { check: { type: 'boolean' } },
    async run(_config, values) {
      const text = printSchema(await getSchema()) + '\n';
      if (values.check) {
        let committed = '';
        try {
          committed = readFileSync(schemaFile, 'utf8');
        } catch {
          /* missing: stale */
        }
        if (committed !== text) {
          process.stderr.write(`${schemaFile} is stale: run "npx peican schema" and commit it\n`);
          return 1;
        }
        out(`${schemaFile} is current`);
        return 0;
      }
      mkdirSync(dirname(schemaFile), { recursive: true });
      writeFileSync(schemaFile, text);
      out(`Wrote ${schemaFile}`);
      return 0;
    },
  },

  match: {
    options: { input: { type: 'string' }, output: { type: 'string' }, demo: { type: 'boolean' }, threshold: { type: 'string' }, lexicon: { type: 'string' }, 'no-lexicon': { type: 'boolean' } },
    standalone: true,
    async run(_config, values) {
      return runMatch(values, out);
    },
  },

  export: {
    options: { campaign: { type: 'string' }, region: { type: 'string' }, out: { type: 'string' } },
    async run(config, values) {
      const file = typeof values.out === 'string' ? values.out : '';
      if (!/\.(xlsx|csv)$/i.test(file)) throw new CliError('give --out FILE ending in .xlsx (the ledger workbook) or .csv (the demand ledger)');
      return withOrm(config, async (orm) => {
        await migrate(orm);
        const em = orm.em.fork();
        // The command line is the operator's: it reads the whole database, as an admin would.
        const ctx = localContext(em, config);
        const campaign = typeof values.campaign === 'string' ? values.campaign : null;
        const region = typeof values.region === 'string' ? values.region : null;
        try {
          const written = file.toLowerCase().endsWith('.csv') ? await ledgerCsv(ctx, campaign, region) : await ledgerWorkbook(ctx, campaign, region);
          writeFileSync(file, 'csv' in written ? written.csv : written.book);
          out(`Wrote ${file}: ${describeChoice(written.campaign)}`);
        } catch (e) {
          if (e instanceof AppError) throw new CliError(e.message);
          throw e;
        }
        return 0;
      });
    },
  },

  template: {
    options: { out: { type: 'string' } },
    standalone: true,
    positionals: true,
    async run(_config, values, positionals) {
      return writeTemplate(values, positionals, out);
    },
  },

  import: {
    options: { file: { type: 'string' }, campaign: { type: 'string' }, township: { type: 'string' }, department: { type: 'string' }, 'dry-run': { type: 'boolean' } },
    positionals: true,
    async run(config, values, positionals) {
      return withOrm(config, async (orm) => {
        await migrate(orm);
        return runImport(config, orm.em.fork(), values, positionals, out);
      });
    },
  },
};
