import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { AppError, ErrorCode } from './errors';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination';

/**
 * What an operation costs, counted before it runs with its variables' values (graphql-armor's cost
 * limit counts `first: $n` as 1, and a list without `first` as one row):
 *
 *   cost of a field = 1 + multiplier × cost of its selection
 *
 * where the multiplier is 1 for a field that returns one thing, the page size for the rows of a
 * connection (`first`, literal or variable, default 20, capped at 100) and, for a list without
 * pages, the realistic size in LIST_SIZES. Roughly: how many fields the server resolves.
 */

/** The most an operation may cost. The costliest README example (runMatching with its explanations) costs 1,784; test/security/limits.test.ts checks them all. */
export const COST_LIMIT = 5_000;

/**
 * Realistic sizes of the lists that have no pages: what such a list holds in a city-sized campaign
 * (the demo is one, Bayannur's: 7 counties, 27 townships, 28 departments, 114 demands), rounded up;
 * not the most a list can hold. Every list of objects in the schema is here (a test checks it), so
 * a list added later gets a size when it is added.
 */
export const LIST_SIZES: Record<string, number> = {
  // A filtered list (a city's counties, a county's townships, a name search). The whole tree of a
  // city (~1,000 with its villages) is one statement; nesting children under it is what costs.
  'Query.regions': 30,
  // A city's counties (7 here), a county's townships, a township's villages.
  'Region.children': 10,
  'SupplyItem.coverage': 5,
  // A township's list (7 items at most in the demo), a department's (5 at most).
  'DemandList.items': 20,
  'SupplyList.items': 10,
  // An item's moves: submitted, matched, accepted, progress reports, completed, rated, reopened …
  'DemandItem.timeline': 20,
  // Every assignment of one demand: more than one only after declines.
  'DemandItem.assignments': 5,
  'Assignment.supervisions': 5,
  'Assignment.feedback': 5,
  'SupplyItem.changes': 10,
  // The candidate items of an escalated demand, each with the rule that stopped it.
  'EscalationDetail.candidates': 20,
  // Items past a deadline in a region.
  'Query.overdue': 100,
  // Counties × 7 categories.
  'Query.gapAnalysis': 50,
  // A city's departments (28 here), and on each scorecard its overdue items and assignment states.
  'Query.scorecards': 50,
  'Scorecard.overdue': 10,
  // A campaign's days with moves (a winter–spring campaign: ~120), and the kinds of move on a day.
  'Query.movesPerDay': 120,
  // A township's duplicates, a city's common needs (a few per county and category), and the demands of each.
  'DemandGroups.duplicates': 20,
  'DemandGroups.common': 50,
  'DemandGroup.members': 10,
  // A list's flagged duplicates (as DemandGroups.duplicates), and the demands merged into one (a duplicate or two; a common need's villages).
  'DemandList.duplicates': 20,
  'DemandItem.mergedFrom': 10,
  // A county's party-member volunteers (Jiuzhaigou's 3,809 cadres over a whole county are paged by region), and their units.
  'WishQuotas.volunteers': 500,
  'WishQuotas.units': 50,
  // A township's agenda (new, late, stuck, declined, escalated, unrated, closed since the last meeting), and a meeting's kept agenda.
  'MeetingAgenda.entries': 50,
  'JointMeeting.decisions': 50,
  // 结对认亲: a run's first new pairs and its unpaired, a region's unpaired (each capped at 200), a pair's visits (a few a year) and the demands one visit raised.
  'PairingRun.newPairs': 200,
  'PairingRun.unpairedHouseholds': 200,
  'PairingSummary.unpairedHouseholds': 200,
  'Pairing.visits': 10,
  'PairVisit.demands': 5,
  // Cadres registered in one call: a township's or a unit's list (a county's 3,809 come in a few calls).
  'Mutation.addCadres': 100,
  'DayMoves.actions': 8,
  'Scorecard.assignmentsByState': 7,
  'MatchReport.byCounty': 20,
  'MatchReport.byTownship': 100,
  'MatchReport.byDepartment': 50,
  'MatchReport.byCategory': 7,
  // One per escalation reason.
  'ReportRow.escalatedByReason': 6,
  'MatchRun.escalatedByReason': 6,
  // 办实事清单: a department's promises of a year (000's office: ten), each item's progress lines, a city's departments.
  'CommitmentList.items': 15,
  'CommitmentItem.notes': 10,
  'CommitmentReport.departments': 50,
};

/** A list of objects not in the table (should a new one slip past the test): counted as this many. */
const UNSIZED_LIST = 50;

type Variables = Record<string, unknown> | undefined;

/** Fields whose rows are paged by `first`: their `nodes` and `edges` hold `first` rows. */
const isConnection = (field: GraphQLField<unknown, unknown>) =>
  field.args.some((a) => a.name === 'first') && getNamedType(field.type).name.endsWith('Connection');

/** `first` as the operation will see it: the literal or the variable's value, or the page default; capped. */
function pageSizeOf(node: FieldNode, operation: OperationDefinitionNode, variables: Variables): number {
  const arg = node.arguments?.find((a) => a.name.value === 'first');
  let value: unknown = null;
  if (arg?.value.kind === Kind.INT) value = Number(arg.value.value);
  else if (arg?.value.kind === Kind.VARIABLE) {
    const name = arg.value.name.value;
    const fallback = operation.variableDefinitions?.find((v) => v.variable.name.value === name)?.defaultValue;
    value = variables?.[name] ?? (fallback?.kind === Kind.INT ? Number(fallback.value) : null);
  }
  if (value === null || value === undefined) return DEFAULT_PAGE_SIZE;
  // Anything else is refused when the page is read (pageSize); until then it counts as the largest page.
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? Math.min(value, MAX_PAGE_SIZE) : MAX_PAGE_SIZE;
}

export interface OperationCost {
  cost: number;
  /** The costliest field at the top of the operation (its alias, if it has one), and what it costs. */
  costliest?: { name: string; cost: number };
}

/** The cost of the operation named (or the only one) in the document, with these variables. */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, variables: Variables, operationName?: string | null): OperationCost {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return { cost: 0 }; // graphql-js refuses the request itself
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  // A fragment spread many times is counted once per page size.
  const fragmentCosts = new Map<string, number>();

  /** `page`: the page size of the connection whose `nodes` or `edges` this selection may be under. */
  function selectionCost(parent: GraphQLNamedType, set: SelectionSetNode, page: number): number {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) total += fieldCost(parent, selection, page);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        total += selectionCost(type ?? parent, selection.selectionSet, page);
      } else {
        const key = `${selection.name.value}:${page}`;
        let cost = fragmentCosts.get(key);
        if (cost === undefined) {
          const fragment = fragments.get(selection.name.value);
          const type = fragment && schema.getType(fragment.typeCondition.name.value);
          cost = fragment && type ? selectionCost(type, fragment.selectionSet, page) : 0;
          fragmentCosts.set(key, cost);
        }
        total += cost;
      }
    }
    return total;
  }

  function fieldCost(parent: GraphQLNamedType, node: FieldNode, page: number): number {
    // Introspection and __typename are answered from the schema in memory.
    if (node.name.value.startsWith('__')) return 1;
    const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[node.name.value] : undefined;
    if (!field) return 1;
    const rows = isConnection(field) ? pageSizeOf(node, operation!, variables) : page;
    const selection = node.selectionSet ? selectionCost(getNamedType(field.type), node.selectionSet, rows) : 0;
    if (!isListType(getNullableType(field.type)) || !node.selectionSet) return 1 + selection;
    const size = parent.name.endsWith('Connection') ? page : (LIST_SIZES[`${parent.name}.${field.name}`] ?? UNSIZED_LIST);
    return 1 + size * selection;
  }

  let cost = 0;
  let costliest: OperationCost['costliest'];
  for (const selection of operation.selectionSet.selections) {
    const part = selectionCost(root, { kind: Kind.SELECTION_SET, selections: [selection] }, DEFAULT_PAGE_SIZE);
    const name = selection.kind === Kind.FIELD ? (selection.alias ?? selection.name).value : selection.kind === Kind.FRAGMENT_SPREAD ? `...${selection.name.value}` : '... on';
    if (!costliest || part > costliest.cost) costliest = { name, cost: part };
    cost += part;
  }
  return { cost, costliest };
}

/** Every `Type.field` of the schema that returns a list of objects and has no pages. */
export function listFieldsOf(schema: GraphQLSchema): string[] {
  const found: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || type.name.endsWith('Connection')) continue;
    for (const field of Object.values(type.getFields())) {
      if (isListType(getNullableType(field.type)) && isObjectType(getNamedType(field.type))) found.push(`${type.name}.${field.name}`);
    }
  }
  return found.sort();
}

const format = (n: number) => n.toLocaleString('en-US');

/**
 * Refuses an operation over the limit once its variables are known (Apollo's didResolveOperation,
 * after parsing and validation, before anything runs): BAD_USER_INPUT, status 400, with the cost,
 * the limit and how to ask for less.
 */
export function costLimitPlugin(limit = COST_LIMIT): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName }) {
          const { cost, costliest } = operationCost(schema, document, request.variables, operationName);
          if (cost <= limit) return;
          const part = costliest && costliest.cost < cost ? ` (${costliest.name} alone costs ${format(costliest.cost)})` : '';
          throw new AppError(
            ErrorCode.BAD_USER_INPUT,
            `This operation costs ${format(cost)}, over the limit of ${format(limit)}${part}: ask for smaller pages (a smaller "first", then the next page with "after"), fewer nested lists or fewer aliases. A field costs 1, a list its rows times what is asked of each row.`,
            { cost, limit, allowed: `cost ≤ ${limit}`, http: { status: 400 } },
          );
        },
      };
    },
  };
}
