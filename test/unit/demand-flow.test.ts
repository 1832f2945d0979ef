import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DemandStatus } from '../../src/common/enums';
import { AppError } from '../../src/common/errors';
import { advance, allowedMoves, Move, statesAllowing } from '../../src/modules/workflow/demand-flow';

/** The demand state machine: every path follows DESIGN.md's closed loop, and only it. */

describe('the demand state machine', () => {
  it('refuses every move it does not list, naming the state and the allowed moves', () => {
    fc.assert(fc.property(fc.constantFrom(...Object.values(DemandStatus)), fc.constantFrom(...Object.values(Move)), (from, move) => {
      const allowed = allowedMoves(from);
      if (allowedMoves(from, true).includes(move)) {
        expect(Object.values(DemandStatus)).toContain(advance(from, move));
      } else {
        try {
          advance(from, move);
          expect.unreachable();
        } catch (e) {
          expect(e).toBeInstanceOf(AppError);
          expect((e as AppError).extensions).toMatchObject({ code: 'INVALID_STATE', state: from, allowed });
        }
      }
    }));
  });

  it('ends nowhere once CLOSED or WITHDRAWN, and lets a township withdraw anything not yet completed', () => {
    expect(allowedMoves(DemandStatus.CLOSED)).toEqual([]);
    expect(allowedMoves(DemandStatus.WITHDRAWN)).toEqual([]);
    expect(statesAllowing(Move.WITHDRAW).sort()).toEqual(
      [DemandStatus.SUBMITTED, DemandStatus.MATCHED, DemandStatus.ACCEPTED, DemandStatus.IN_PROGRESS, DemandStatus.ESCALATED, DemandStatus.DEFERRED, DemandStatus.LEADERSHIP].sort(),
    );
  });

  it('walks the loop of DESIGN.md', () => {
    const walk = (from: DemandStatus, ...moves: Move[]) => moves.reduce((s, m) => advance(s, m), from);
    expect(walk(DemandStatus.DRAFT, Move.SUBMIT, Move.MATCH, Move.ACCEPT, Move.REPORT_PROGRESS, Move.COMPLETE, Move.REOPEN, Move.COMPLETE, Move.CLOSE)).toBe(DemandStatus.CLOSED);
    expect(walk(DemandStatus.SUBMITTED, Move.ESCALATE, Move.DEFER, Move.RESUME, Move.HAND_TO_LEADER, Move.ASSIGN_BY_HAND)).toBe(DemandStatus.MATCHED);
    expect(walk(DemandStatus.MATCHED, Move.DECLINE)).toBe(DemandStatus.SUBMITTED);
    // 领办 and 退回领办: a wish claimed, worked on, given back, claimed again.
    expect(walk(DemandStatus.SUBMITTED, Move.CLAIM, Move.REPORT_PROGRESS, Move.RELEASE, Move.CLAIM, Move.COMPLETE)).toBe(DemandStatus.COMPLETED);
  });

  it("names a claim's own move (RELEASE) only to the claim's holder: a department's accepted item is not said to allow it", () => {
    expect(allowedMoves(DemandStatus.ACCEPTED)).toEqual([Move.REPORT_PROGRESS, Move.COMPLETE, Move.WITHDRAW]);
    expect(allowedMoves(DemandStatus.ACCEPTED, true)).toEqual([Move.REPORT_PROGRESS, Move.COMPLETE, Move.WITHDRAW, Move.RELEASE]);
    expect(statesAllowing(Move.RELEASE).sort()).toEqual([DemandStatus.ACCEPTED, DemandStatus.IN_PROGRESS].sort());
  });
});
