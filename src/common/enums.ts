import { registerEnumType } from 'type-graphql';

/** The domain's closed vocabularies (DESIGN.md glossary), shared by entities, inputs and the schema. */

export enum RegionLevel {
  CITY = 'CITY',
  COUNTY = 'COUNTY',
  TOWNSHIP = 'TOWNSHIP',
  VILLAGE = 'VILLAGE',
}

export enum DepartmentLevel {
  CITY = 'CITY',
  COUNTY = 'COUNTY',
}

/** 七送: the seven deliveries. */
export enum Category {
  THEORY = 'THEORY',
  POLICY = 'POLICY',
  TECHNOLOGY = 'TECHNOLOGY',
  HEALTH = 'HEALTH',
  SERVICE = 'SERVICE',
  CULTURE = 'CULTURE',
  WARMTH = 'WARMTH',
}

export enum ServiceForm {
  LECTURE = 'LECTURE',
  TRAINING = 'TRAINING',
  CONSULTATION = 'CONSULTATION',
  CLINIC = 'CLINIC',
  PERFORMANCE = 'PERFORMANCE',
  SCREENING = 'SCREENING',
  ON_SITE = 'ON_SITE',
  DONATION = 'DONATION',
  VISIT = 'VISIT',
  HOTLINE = 'HOTLINE',
  OTHER = 'OTHER',
}

export enum Priority {
  NORMAL = 'NORMAL',
  VULNERABLE = 'VULNERABLE',
  URGENT = 'URGENT',
}

export enum DemandKind {
  INDIVIDUAL = 'INDIVIDUAL',
  COMMON = 'COMMON',
  HARD = 'HARD',
}

/** How the township learned of the need. */
export enum DemandSource {
  VISIT = 'VISIT',
  FORM = 'FORM',
  WECHAT = 'WECHAT',
  MEETING = 'MEETING',
  HOTLINE = 'HOTLINE',
  OTHER = 'OTHER',
}

export enum Role {
  TOWNSHIP_ORGANIZER = 'TOWNSHIP_ORGANIZER',
  DEPARTMENT_PUBLISHER = 'DEPARTMENT_PUBLISHER',
  ORGANIZATION_DEPARTMENT = 'ORGANIZATION_DEPARTMENT',
  ADMIN = 'ADMIN',
  /** 党员干部/志愿者: claims micro-wishes (微心愿) of its region, with a home unit (a department or party branch). */
  VOLUNTEER = 'VOLUNTEER',
}

export enum DemandListStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
}

export enum SupplyListStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
}

/** A demand item's place in the closed loop (DESIGN.md, "The closed loop"). */
export enum DemandStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  MATCHED = 'MATCHED',
  ACCEPTED = 'ACCEPTED',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  CLOSED = 'CLOSED',
  ESCALATED = 'ESCALATED',
  DEFERRED = 'DEFERRED',
  LEADERSHIP = 'LEADERSHIP',
  WITHDRAWN = 'WITHDRAWN',
}

/** How an assignment came about: the engine's two tiers, or the desk's hand. */
export enum AssignmentTier {
  COUNTY = 'COUNTY',
  CITY = 'CITY',
  MANUAL = 'MANUAL',
  /** 领办: a party member claimed it from the micro-wish board. */
  VOLUNTEER = 'VOLUNTEER',
}

/** 派单 states; a demand has at most one live assignment (MATCHED … CLOSED). */
export enum AssignmentStatus {
  MATCHED = 'MATCHED',
  ACCEPTED = 'ACCEPTED',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  CLOSED = 'CLOSED',
  DECLINED = 'DECLINED',
  CANCELLED = 'CANCELLED',
}

export const LIVE_ASSIGNMENT = [
  AssignmentStatus.MATCHED, AssignmentStatus.ACCEPTED, AssignmentStatus.IN_PROGRESS, AssignmentStatus.COMPLETED, AssignmentStatus.CLOSED,
];

/** Why the engine could not place a demand (the first that applies, in this order after HARD_CASE). */
export enum EscalationReason {
  HARD_CASE = 'HARD_CASE',
  NO_SUPPLY_IN_CATEGORY = 'NO_SUPPLY_IN_CATEGORY',
  NOT_COVERED = 'NOT_COVERED',
  OUTSIDE_TIME_WINDOW = 'OUTSIDE_TIME_WINDOW',
  /** The items that fitted declined it (退回): the desk decides. */
  DECLINED = 'DECLINED',
  LOW_RELEVANCE = 'LOW_RELEVANCE',
  CAPACITY_EXHAUSTED = 'CAPACITY_EXHAUSTED',
  /** A micro-wish no volunteer claimed in its days on the board: the desk decides (not the engine's). */
  UNCLAIMED_WISH = 'UNCLAIMED_WISH',
}

export enum EscalationStatus {
  OPEN = 'OPEN',
  RESOLVED = 'RESOLVED',
}

/** The hard rule that stopped one candidate supply item. */
export enum CandidateRule {
  NOT_COVERED = 'NOT_COVERED',
  OUTSIDE_TIME_WINDOW = 'OUTSIDE_TIME_WINDOW',
  DECLINED = 'DECLINED',
  LOW_RELEVANCE = 'LOW_RELEVANCE',
  OUTMATCHED = 'OUTMATCHED',
  CAPACITY_EXHAUSTED = 'CAPACITY_EXHAUSTED',
}

/** Why the runner-up lost to the chosen item. */
export enum RunnerUpLoss {
  LOWER_SCORE = 'LOWER_SCORE',
  TIE = 'TIE',
  TIER = 'TIER',
  CAPACITY = 'CAPACITY',
}

/** 好差评: the national five-level scale. The top three close an item (销号); the bottom two reopen it. */
export enum Rating {
  VERY_SATISFIED = 'VERY_SATISFIED',
  SATISFIED = 'SATISFIED',
  BASIC = 'BASIC',
  UNSATISFIED = 'UNSATISFIED',
  VERY_UNSATISFIED = 'VERY_UNSATISFIED',
}

export const SATISFIED_RATINGS = [Rating.VERY_SATISFIED, Rating.SATISFIED, Rating.BASIC];

const describe = <T extends object>(e: T, name: string, description: string, values: Record<keyof T, string>) =>
  registerEnumType(e, {
    name,
    description,
    valuesConfig: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { description: v as string }])) as never,
  });

describe(RegionLevel, 'RegionLevel', '行政区划层级', { CITY: '市/盟', COUNTY: '旗县区', TOWNSHIP: '苏木镇/乡镇/街道', VILLAGE: '嘎查村/社区' });
describe(DepartmentLevel, 'DepartmentLevel', '部门层级', { CITY: '市直部门', COUNTY: '旗县区部门' });
/** The Chinese names of the codes, as every view shows them beside the code. */
export const CATEGORY_NAMES: Record<Category, string> = {
  THEORY: '送理论', POLICY: '送政策', TECHNOLOGY: '送科技', HEALTH: '送健康', SERVICE: '送服务', CULTURE: '送文化', WARMTH: '送温暖',
};
export const DEMAND_STATUS_NAMES: Record<DemandStatus, string> = {
  DRAFT: '草稿', SUBMITTED: '已提交', MATCHED: '已派单', ACCEPTED: '已接单', IN_PROGRESS: '办理中', COMPLETED: '已办结',
  CLOSED: '已销号', ESCALATED: '已上报', DEFERRED: '暂不具备条件', LEADERSHIP: '领导领办', WITHDRAWN: '已撤回',
};
export const ASSIGNMENT_STATUS_NAMES: Record<AssignmentStatus, string> = {
  MATCHED: '已派单', ACCEPTED: '已接单', IN_PROGRESS: '办理中', COMPLETED: '已办结', CLOSED: '已销号', DECLINED: '已退回', CANCELLED: '已撤销',
};
export const ESCALATION_REASON_NAMES: Record<EscalationReason, string> = {
  HARD_CASE: '历史遗留老大难', NO_SUPPLY_IN_CATEGORY: '本类别无供给', NOT_COVERED: '服务范围未覆盖', OUTSIDE_TIME_WINDOW: '服务时间不重合',
  DECLINED: '相符项目均已退回', LOW_RELEVANCE: '内容不相符', CAPACITY_EXHAUSTED: '服务能力已用完', UNCLAIMED_WISH: '微心愿无人领办',
};
export const RATING_NAMES: Record<Rating, string> = {
  VERY_SATISFIED: '非常满意', SATISFIED: '满意', BASIC: '基本满意', UNSATISFIED: '不满意', VERY_UNSATISFIED: '非常不满意',
};

export const FORM_NAMES: Record<ServiceForm, string> = {
  LECTURE: '宣讲', TRAINING: '培训', CONSULTATION: '咨询', CLINIC: '义诊', PERFORMANCE: '演出', SCREENING: '放映',
  ON_SITE: '上门指导', DONATION: '捐赠', VISIT: '走访慰问', HOTLINE: '热线', OTHER: '其他',
};
export const PRIORITY_NAMES: Record<Priority, string> = { NORMAL: '一般', VULNERABLE: '困难群众', URGENT: '紧急' };
export const KIND_NAMES: Record<DemandKind, string> = { INDIVIDUAL: '个性问题', COMMON: '共性问题', HARD: '历史遗留/老大难' };
export const SOURCE_NAMES: Record<DemandSource, string> = {
  VISIT: '入户走访', FORM: '需求表', WECHAT: '微信群', MEETING: '座谈会', HOTLINE: '热线', OTHER: '其他',
};

describe(Category, 'Category', '七送', CATEGORY_NAMES);
describe(ServiceForm, 'ServiceForm', '服务形式', FORM_NAMES);
describe(Priority, 'Priority', '优先级', PRIORITY_NAMES);
describe(DemandKind, 'DemandKind', '问题分类', KIND_NAMES);
describe(DemandSource, 'DemandSource', '需求来源', SOURCE_NAMES);
describe(Role, 'Role', '角色', {
  TOWNSHIP_ORGANIZER: '乡镇民情联络员', DEPARTMENT_PUBLISHER: '部门联络人', ORGANIZATION_DEPARTMENT: '组织部', ADMIN: '系统管理员', VOLUNTEER: '党员志愿者',
});
describe(DemandListStatus, 'DemandListStatus', '需求侧清单状态', { DRAFT: '草稿', SUBMITTED: '已提交' });
describe(SupplyListStatus, 'SupplyListStatus', '供给侧清单状态', { DRAFT: '草稿', PUBLISHED: '已发布' });
describe(DemandStatus, 'DemandStatus', '需求办理状态', DEMAND_STATUS_NAMES);
describe(AssignmentTier, 'AssignmentTier', '派单层级', { COUNTY: '旗县区级', CITY: '市级', MANUAL: '组织部门人工派单', VOLUNTEER: '党员领办（微心愿）' });
describe(AssignmentStatus, 'AssignmentStatus', '派单状态', ASSIGNMENT_STATUS_NAMES);
describe(EscalationReason, 'EscalationReason', '上报原因', ESCALATION_REASON_NAMES);
describe(EscalationStatus, 'EscalationStatus', '上报状态', { OPEN: '待协调', RESOLVED: '已解决' });
describe(CandidateRule, 'CandidateRule', '未入选原因', {
  NOT_COVERED: '服务范围未覆盖', OUTSIDE_TIME_WINDOW: '服务时间不重合', DECLINED: '已退回该需求', LOW_RELEVANCE: '内容不相符', OUTMATCHED: '远不如市级项目相符', CAPACITY_EXHAUSTED: '服务能力已用完',
});
describe(RunnerUpLoss, 'RunnerUpLoss', '次选落选原因', { LOWER_SCORE: '得分较低', TIE: '得分相同，按编号先后', TIER: '旗县区优先', CAPACITY: '能力已被占用' });
describe(Rating, 'Rating', '评价（好差评五级）', RATING_NAMES);
