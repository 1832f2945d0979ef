import { isIPv4, isIPv6 } from 'node:net';
import { RateLimiterMemory } from 'rate-limiter-flexible';

/**
 * Slows password guessing. Only failed password checks count, by the username given (known or
 * not, so the answer never tells which usernames exist) and by the client's address:
 *
 * - per username: the first ACCOUNT_FREE_FAILURES failures cost nothing; after that each failure
 *   makes the next attempt wait 1 s, then 2 s, 4 s, … up to ACCOUNT_MAX_WAIT_SECONDS. A success
 *   starts the count again; failures are forgotten ACCOUNT_WINDOW_SECONDS after the first.
 * - per address: ADDRESS_FAILURES failures in ADDRESS_WINDOW_SECONDS, then nothing until that
 *   window ends (lenient: many people may sign in from behind one office's address).
 *
 * A throttled attempt is answered before its password is checked, so the right password waits too.
 * The counts are kept in this process's memory: a restart forgets them, and two server processes
 * count apart.
 */
export const ACCOUNT_FREE_FAILURES = 5;
export const ACCOUNT_MAX_WAIT_SECONDS = 15 * 60;
export const ACCOUNT_WINDOW_SECONDS = 24 * 3600;
export const ADDRESS_FAILURES = 50;
export const ADDRESS_WINDOW_SECONDS = 15 * 60;

/** Why an attempt must wait, and for how long. */
export interface Throttled {
  by: 'account' | 'address';
  retryAfterSeconds: number;
}

/** The wait after the n-th failure in a row (none before the free ones are used up). */
export function accountWaitSeconds(failures: number): number {
  if (failures < ACCOUNT_FREE_FAILURES) return 0;
  return Math.min(2 ** (failures - ACCOUNT_FREE_FAILURES), ACCOUNT_MAX_WAIT_SECONDS);
}

/**
 * The key of an address: IPv4 as it is (also when the socket reports it IPv4-mapped, ::ffff:a.b.c.d),
 * IPv6 by its /64, the block one household or office is given (else every address of it would be
 * a fresh start).
 */
export function addressKey(address: string | null): string {
  if (!address) return 'none';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  if (!isIPv6(address)) return address;
  const [head, tail = ''] = address.toLowerCase().split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return groups.slice(0, 4).map((g) => g.padStart(4, '0')).join(':') + '::/64';
}

export class LoginThrottle {
  /** Failures in a row per username. */
  private readonly accountFailures = new RateLimiterMemory({ keyPrefix: 'login-account', points: Number.MAX_SAFE_INTEGER, duration: ACCOUNT_WINDOW_SECONDS });
  /** The wait an account is in, while it lasts. */
  private readonly accountWaits = new RateLimiterMemory({ keyPrefix: 'login-account-wait', points: 1, duration: ACCOUNT_MAX_WAIT_SECONDS });
  /** Failures (and attempts still being checked) per address in the window. */
  private readonly addressFailures = new RateLimiterMemory({ keyPrefix: 'login-address', points: ADDRESS_FAILURES, duration: ADDRESS_WINDOW_SECONDS });
  /** The attempt being checked per username: the next waits for it, so a burst sent at once is counted one by one. */
  private readonly inFlight = new Map<string, Promise<unknown>>();

  /**
   * Runs one password check for `username` from `address`: `check` resolves true when the password
   * was right. Answers `{ throttled }` without calling `check` while the account or the address
   * must wait.
   */
  async attempt<T extends { ok: boolean }>(username: string, address: string | null, check: () => Promise<T>): Promise<T | { throttled: Throttled }> {
    // Usernames are at most 64 characters; a longer one is still counted, under its beginning.
    const account = username.slice(0, 100);
    const previous = this.inFlight.get(account) ?? Promise.resolve();
    const run = previous.then(() => this.checked(account, addressKey(address), check));
    const settled = run.catch(() => undefined);
    this.inFlight.set(account, settled);
    settled.then(() => {
      if (this.inFlight.get(account) === settled) this.inFlight.delete(account);
    });
    return run;
  }

  /** Forgets an account's failures (an admin set a new password). */
  async reset(username: string): Promise<void> {
    await this.accountFailures.delete(username);
    await this.accountWaits.delete(username);
  }

  private async checked<T extends { ok: boolean }>(account: string, address: string, check: () => Promise<T>): Promise<T | { throttled: Throttled }> {
    const wait = await this.accountWaits.get(account);
    if (wait && wait.msBeforeNext > 0) return { throttled: { by: 'account', retryAfterSeconds: Math.ceil(wait.msBeforeNext / 1000) } };
    // The attempt counts against its address while it is being checked (taken back if the password
    // was right): attempts from one address under different names run side by side.
    const held = await this.addressFailures.penalty(address);
    if (held.consumedPoints > ADDRESS_FAILURES) {
      await this.addressFailures.reward(address);
      return { throttled: { by: 'address', retryAfterSeconds: Math.max(1, Math.ceil(held.msBeforeNext / 1000)) } };
    }
    let result: T;
    try {
      result = await check();
    } catch (e) {
      await this.addressFailures.reward(address);
      throw e;
    }
    if (result.ok) {
      await this.addressFailures.reward(address);
      await this.reset(account);
      return result;
    }
    const failures = (await this.accountFailures.penalty(account)).consumedPoints;
    const seconds = accountWaitSeconds(failures);
    if (seconds > 0) await this.accountWaits.block(account, seconds);
    return result;
  }
}

/** The one throttle of this process. */
export const loginThrottle = new LoginThrottle();
