import { AssignmentStatus, DemandStatus } from '../../common/enums';
import { invalidState } from '../../common/errors';

/**
 * The one state machine of a demand item (DESIGN.md, "The closed loop"). Every mutation that
 * moves an item asks `advance` for the next state; an illegal move is refused with the current
 * state and the moves it allows, and nothing changes.
 */

export enum Move {
  SUBMIT = 'SUBMIT',
  MATCH = 'MATCH',
  ESCALATE = 'ESCALATE',
  ACCEPT = 'ACCEPT',
  DECLINE = 'DECLINE',
  REPORT_PROGRESS = 'REPORT_PROGRESS',
  COMPLETE = 'COMPLETE',
  /** A rating in the top three levels: 销号. */
  CLOSE = 'CLOSE',
  /** A rating in the bottom two: back to the department. */
  REOPEN = 'REOPEN',
  WITHDRAW = 'WITHDRAW',
  ASSIGN_BY_HAND = 'ASSIGN_BY_HAND',
  DEFER = 'DEFER',
  HAND_TO_LEADER = 'HAND_TO_LEADER',
  RESUME = 'RESUME',
  /** Merged into another demand (a duplicate into the one kept, a village's need into a common demand): it is served there. */
  MERGE = 'MERGE',
  /** 领办: a volunteer claims a micro-wish from the board, with a promised date: it is accepted at once. */
  CLAIM = 'CLAIM',
  /** 退回领办: the volunteer who claimed a wish gives it back, with a reason: it is on the board again. */
  RELEASE = 'RELEASE',
}

const S = DemandStatus;

const TABLE: Record<DemandStatus, Partial<Record<Move, DemandStatus>>> = {
  [S.DRAFT]: { [Move.SUBMIT]: S.SUBMITTED, [Move.MERGE]: S.WITHDRAWN },
  [S.SUBMITTED]: { [Move.MATCH]: S.MATCHED, [Move.ESCALATE]: S.ESCALATED, [Move.WITHDRAW]: S.WITHDRAWN, [Move.MERGE]: S.WITHDRAWN, [Move.CLAIM]: S.ACCEPTED },
  // A decline is momentary: the demand is re-placed at once (MATCHED) or escalated.
  [S.MATCHED]: { [Move.ACCEPT]: S.ACCEPTED, [Move.DECLINE]: S.SUBMITTED, [Move.WITHDRAW]: S.WITHDRAWN },
  [S.ACCEPTED]: { [Move.REPORT_PROGRESS]: S.IN_PROGRESS, [Move.COMPLETE]: S.COMPLETED, [Move.WITHDRAW]: S.WITHDRAWN, [Move.RELEASE]: S.SUBMITTED },
  [S.IN_PROGRESS]: { [Move.REPORT_PROGRESS]: S.IN_PROGRESS, [Move.COMPLETE]: S.COMPLETED, [Move.WITHDRAW]: S.WITHDRAWN, [Move.RELEASE]: S.SUBMITTED },
  [S.COMPLETED]: { [Move.CLOSE]: S.CLOSED, [Move.REOPEN]: S.IN_PROGRESS },
  [S.CLOSED]: {},
  [S.ESCALATED]: {
    [Move.MATCH]: S.MATCHED, [Move.ESCALATE]: S.ESCALATED, [Move.ASSIGN_BY_HAND]: S.MATCHED, [Move.DEFER]: S.DEFERRED,
    [Move.HAND_TO_LEADER]: S.LEADERSHIP, [Move.WITHDRAW]: S.WITHDRAWN, [Move.MERGE]: S.WITHDRAWN,
  },
  [S.DEFERRED]: { [Move.RESUME]: S.ESCALATED, [Move.WITHDRAW]: S.WITHDRAWN, [Move.MERGE]: S.WITHDRAWN },
  [S.LEADERSHIP]: { [Move.ASSIGN_BY_HAND]: S.MATCHED, [Move.COMPLETE]: S.COMPLETED, [Move.WITHDRAW]: S.WITHDRAWN },
  [S.WITHDRAWN]: {},
};

/**
 * Moves only the volunteer holding a claim (领办) makes: a refusal names them only to it, so that a
 * department's accepted item is not said to allow a move it can never make.
 */
const CLAIMS_ONLY: ReadonlySet<Move> = new Set([Move.RELEASE]);

/** The moves a demand in this state allows, in a fixed order (with a claim's own moves when `claim`). */
export function allowedMoves(from: DemandStatus, claim = false): Move[] {
  return Object.values(Move).filter((m) => TABLE[from][m] !== undefined && (claim || !CLAIMS_ONLY.has(m)));
}

/** The states from which a move is allowed. */
export function statesAllowing(move: Move): DemandStatus[] {
  return Object.values(DemandStatus).filter((s) => TABLE[s][move] !== undefined);
}

/** The next state, or an INVALID_STATE error naming the current state and the allowed moves. */
export function advance(from: DemandStatus, move: Move, field = 'id'): DemandStatus {
  const to = TABLE[from][move];
  if (to === undefined) {
    const allowed = allowedMoves(from);
    throw invalidState(
      `Cannot ${move} a demand item that is ${from}; ${allowed.length ? `it allows ${allowed.join(', ')}` : 'it allows no further move'}`,
      { field, state: from, allowed },
    );
  }
  return to;
}

/** The assignment's state that goes with a demand's state while the assignment is live. */
export function assignmentStatusFor(status: DemandStatus): AssignmentStatus | null {
  switch (status) {
    case S.MATCHED: return AssignmentStatus.MATCHED;
    case S.ACCEPTED: return AssignmentStatus.ACCEPTED;
    case S.IN_PROGRESS: return AssignmentStatus.IN_PROGRESS;
    case S.COMPLETED: return AssignmentStatus.COMPLETED;
    case S.CLOSED: return AssignmentStatus.CLOSED;
    default: return null;
  }
}
