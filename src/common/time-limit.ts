import type { ApolloServerPlugin } from '@apollo/server';
import { OperationTypeNode } from 'graphql';
import { AppError, ErrorCode } from './errors';

/**
 * A query's time limit. The HTTP front starts one per GraphQL request and answers TIMEOUT when it
 * passes (`withinTimeLimit`); the plugin then lets no further field of the query resolve, so a
 * query cut short stops loading rows too, instead of running on unseen.
 *
 * Mutations are not cut: a write stopped halfway would leave its caller unsure whether it was made
 * (a province-sized runMatching writes for several seconds, and its engine runs in a worker
 * thread). What a mutation may ask back is bounded by the cost limit like any query's.
 */
export class TimeLimit {
  readonly deadline: number;
  /** The operation's type, once Apollo has resolved it. */
  kind: OperationTypeNode | null = null;
  /** Set when the request was answered TIMEOUT: from then on nothing of it may start. */
  timedOut = false;

  constructor(readonly ms: number) {
    this.deadline = Date.now() + ms;
  }

  get isMutation(): boolean {
    return this.kind === OperationTypeNode.MUTATION;
  }

  /** Whether the limit binds this operation (anything but a mutation) and has passed. */
  get passed(): boolean {
    return !this.isMutation && Date.now() >= this.deadline;
  }

  error(): AppError {
    return new AppError(
      ErrorCode.TIMEOUT,
      `The query ran past the time limit of ${this.ms / 1000} s and was stopped; nothing was changed. Ask for less (smaller pages, fewer nested lists) or try again later.`,
      { limitMs: this.ms },
    );
  }
}

/** Keyed by the request object the HTTP front hands to Apollo, which plugins see as `request.http`. */
const limits = new WeakMap<object, TimeLimit>();

export function startTimeLimit(httpRequest: object, ms: number): TimeLimit {
  const limit = new TimeLimit(ms);
  limits.set(httpRequest, limit);
  return limit;
}

export const TIMED_OUT = Symbol('timed out');

/**
 * The work's result, or TIMED_OUT once the limit has passed (for anything but a mutation, which
 * is waited for). Work that goes on after TIMED_OUT is left to fail; its result is dropped.
 */
export function withinTimeLimit<T>(limit: TimeLimit, work: Promise<T>): Promise<T | typeof TIMED_OUT> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      if (limit.isMutation) return;
      limit.timedOut = true;
      resolve(TIMED_OUT);
    }, Math.max(0, limit.deadline - Date.now()));
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Stops a query's fields from resolving once its time limit has passed (or it was answered TIMEOUT). */
export function timeLimitPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart({ request }) {
      const limit = request.http && limits.get(request.http);
      if (!limit) return;
      return {
        async didResolveOperation({ operation }) {
          limit.kind = operation?.operation ?? null;
          if (limit.timedOut) throw limit.error();
        },
        async executionDidStart() {
          if (limit.isMutation) return;
          return {
            willResolveField() {
              if (limit.passed) throw limit.error();
            },
          };
        },
      };
    },
  };
}
