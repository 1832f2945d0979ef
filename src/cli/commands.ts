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
import { getSchema } from '../schema';
import { createServer } from '../server';
import { CliError } from './cli-error';
import { runMatch } from './match';
import { AppError } from '../common/errors';
import { Loaders } from '../common/loaders';
import { Role } from '../common/enums';
import { systemClock, type Context } from '../context';
import { rebuildFacts } from '../modules/report/demand-facts';
import { ledgerCsv, ledgerWorkbook } from '../modules/report/ledger';

type Values = Record<string, string | boolean | undefined>;

export interface Command {
  options: ParseArgsConfig['options'];
  /** Needs no configuration (no database, no secret): runs before any is read. */
  standalone?: boolean;
  run(config: Config, values: Values): Promise<number>;
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
      const orm = await initORM(config.database);
      const applied = await migrate(orm);
      if (applied.length) out(`Applied migrations: ${applied.join(', ')}`);
      if (!values['no-seed'] && (await seedIfEmpty(orm))) out('Loaded the demo data into the empty database.');
      const server = await createServer(orm, config);
      const url = await server.listen(port);
      out(`peican is serving GraphQL at ${url}  (${describeDatabase(config)})`);
      const users = (await orm.em.fork().find('User', {}, { orderBy: { username: 'asc' } })) as { username: string; role: string }[];
      if (users.length) {
        out('Demo logins (password "peican-demo" unless changed):');
        for (const u of users) out(`  ${u.username.padEnd(22)} ${u.role}`);
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
    options: { file: { type: 'string' } },
    async run(config, values) {
      const data = readDemoData(typeof values.file === 'string' ? values.file : undefined);
      return withOrm(config, async (orm) => {
        await migrate(orm);
        const { inserted } = await seedDemo(orm.em, data);
        const parts = Object.entries(inserted).map(([k, n]) => `${n} ${k}`);
        out(parts.length ? `Seeded: ${parts.join(', ')}` : 'The demo data is already there: nothing inserted');
        return 0;
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
    options: { input: { type: 'string' }, output: { type: 'string' }, demo: { type: 'boolean' }, threshold: { type: 'string' } },
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
        const ctx: Context = {
          em, viewer: { userId: 'cli', username: 'cli', role: Role.ADMIN, regionId: null, regionPath: null, departmentId: null },
          authProblem: null, loaders: new Loaders(em), config, clock: systemClock, clientAddress: null,
        };
        const campaign = typeof values.campaign === 'string' ? values.campaign : null;
        const region = typeof values.region === 'string' ? values.region : null;
        try {
          if (file.toLowerCase().endsWith('.csv')) writeFileSync(file, await ledgerCsv(ctx, campaign, region));
          else writeFileSync(file, await ledgerWorkbook(ctx, campaign, region));
        } catch (e) {
          if (e instanceof AppError) throw new CliError(e.message);
          throw e;
        }
        out(`Wrote ${file}`);
        return 0;
      });
    },
  },
};
