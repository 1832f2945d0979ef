import type { MikroORM } from '@mikro-orm/core';
import type { Config } from '../config';
import { Role } from '../common/enums';
import { AppError } from '../common/errors';
import { localContext } from '../context';
import { createUser, type UserFields } from '../modules/user/user.service';
import { CliError } from './cli-error';

/**
 * `peican user create`: a user from the command line, the first admin above all (production
 * seeds no one). The same rules as the createUser mutation; the password is never a default and
 * never an argument (it would stay in the shell's history and in `ps`).
 */

/**
 * Where the password comes from when there is no terminal to ask on (a script, a container's
 * entrypoint). An input to this one command, not a setting, so it is read here and not in config.ts.
 */
export const PASSWORD_ENV = 'PEICAN_USER_PASSWORD';

export interface UserValues {
  role?: string;
  username?: string;
  'display-name'?: string;
  region?: string;
  department?: string;
}

/** The mutation's rules, reported by the flag at fault. */
const FLAGS: UserFields = {
  username: '--username', password: 'the password', displayName: '--display-name', regionId: '--region', departmentId: '--department',
};

const ROLES = Object.values(Role) as string[];

/** Reads a line from the terminal without echoing it. */
export function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          finish();
          reject(new CliError('cancelled: nothing was created'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    process.stderr.write(question);
    stdin.setEncoding('utf8');
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

async function readPassword(username: string): Promise<string> {
  const given = process.env[PASSWORD_ENV];
  if (given) return given;
  if (!process.stdin.isTTY) {
    throw new CliError(`no password: standard input is not a terminal to ask on, so set ${PASSWORD_ENV}; there is no default`);
  }
  const first = await promptHidden(`Password for ${username} (8–200 characters): `);
  const again = await promptHidden('The same password again: ');
  if (first !== again) throw new CliError('the two passwords differ: nothing was created');
  return first;
}

export async function userCreate(orm: MikroORM, config: Config, values: UserValues, out: (line: string) => void): Promise<number> {
  if (!values.role || !ROLES.includes(values.role)) {
    throw new CliError(`--role: ${values.role ? `"${values.role}" is not a role` : 'give the role'}; one of ${ROLES.join(', ')}`);
  }
  if (!values.username) throw new CliError('--username: give the name the user signs in with (3–64 of A–Z a–z 0–9 . _ -)');
  const role = values.role as Role;
  const password = await readPassword(values.username);
  const ctx = localContext(orm.em.fork(), config);
  try {
    const user = await createUser(ctx, {
      username: values.username, password, displayName: values['display-name'] ?? values.username, role,
      regionId: values.region ?? null, departmentId: values.department ?? null,
    }, FLAGS);
    const region = user.region
      ? `region ${user.region.id} ${user.region.name}${values.region ? '' : role === Role.ADMIN ? ', the only city' : ", the department's"}`
      : 'no region: the database has no regions yet';
    out(`Created ${role} "${user.username}" (${region}). Sign in with the login mutation.`);
    return 0;
  } catch (e) {
    if (e instanceof AppError) throw new CliError(`${e.message}: nothing was created`);
    throw e;
  }
}
