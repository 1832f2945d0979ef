import 'reflect-metadata';
import { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AuthChecker } from './auth/auth-checker';
import { CampaignResolver } from './modules/campaign/campaign.resolver';
import { DemandItemResolver, DemandListResolver } from './modules/demand/demand.resolver';
import { DepartmentResolver } from './modules/department/department.resolver';
import { DemandGroupResolver, DemandListGroupsResolver } from './modules/intake/demand-groups';
import { DemandHouseholdResolver, HouseholdResolver } from './modules/household/household.resolver';
import { WishResolver } from './modules/wishes/wish.resolver';
import { CadreResolver, PairingFieldsResolver, PairingResolver, PairingRunResolver, PairVisitResolver, UnpairedHouseholdResolver } from './modules/pairing/pairing.resolver';
import { JointMeetingResolver, MeetingDecisionResolver } from './modules/meetings/meetings.resolver';
import {
  AssignmentResolver, CandidateVerdictResolver, DemandMatchingResolver, EscalationResolver, MatchRunResolver, RunnerUpResolver, SuggestionResolver,
} from './modules/matching/matching.resolver';
import { RegionResolver } from './modules/region/region.resolver';
import { ReportResolver } from './modules/report/report.resolver';
import { SupplyItemResolver, SupplyListResolver } from './modules/supply/supply.resolver';
import { UserResolver } from './modules/user/user.resolver';
import { EventResolver } from './modules/workflow/event.resolver';
import { AssignmentDeadlineResolver, DeadlineResolver } from './modules/workflow/deadline.resolver';
import { AssignmentSupervisionResolver, DeskResolver, EscalationAgeResolver } from './modules/workflow/desk.resolver';
import { FeedbackResolver, LoopResolver } from './modules/workflow/loop.resolver';
import { DemandRouteResolver, OnFileResolver } from './modules/workflow/on-file.resolver';
import { CommitmentItemResolver, CommitmentListResolver } from './modules/commitments/commitment.resolver';

export const resolvers = [
  RegionResolver, DepartmentResolver, CampaignResolver, UserResolver,
  DemandListResolver, DemandItemResolver, SupplyListResolver, SupplyItemResolver, EventResolver,
  MatchRunResolver, AssignmentResolver, EscalationResolver, RunnerUpResolver, CandidateVerdictResolver, SuggestionResolver, DemandMatchingResolver,
  LoopResolver, FeedbackResolver, DeskResolver, AssignmentSupervisionResolver, EscalationAgeResolver,
  DeadlineResolver, AssignmentDeadlineResolver, ReportResolver, DemandGroupResolver, DemandListGroupsResolver, HouseholdResolver, DemandHouseholdResolver, WishResolver,
  OnFileResolver, DemandRouteResolver, CommitmentListResolver, CommitmentItemResolver,
  JointMeetingResolver, MeetingDecisionResolver,
  PairingResolver, PairingRunResolver, UnpairedHouseholdResolver, CadreResolver, PairingFieldsResolver, PairVisitResolver,
] as const;

let built: Promise<GraphQLSchema> | undefined;

/** The schema, built once per process (type-graphql's metadata is global). */
export function getSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({ resolvers, authChecker: AuthChecker, validate: false, emitSchemaFile: false });
  return built;
}
