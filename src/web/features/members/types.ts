import type {
  BranchRole,
  Education,
  Gender,
  MobileDirection,
  Stage,
  VillageCommitteeRole,
} from '../../../domain/member-base.js';

/** A member as GET /api/members answers: `idCard` is already masked unless the reader holds member.idCard. */
export interface Member {
  id: number;
  orgId: number;
  orgName: string;
  name: string;
  gender: Gender;
  ethnicity: string | null;
  birthDate: string | null;
  education: Education | null;
  idCard: string | null;
  phone: string | null;
  occupation: string | null;
  stage: Stage;
  appliedOn: string | null;
  activistOn: string | null;
  candidateOn: string | null;
  probationaryOn: string | null;
  fullOn: string | null;
  conversionDueOn: string | null;
  branchRole: BranchRole | null;
  villageCommitteeRole: VillageCommitteeRole | null;
  twoCommittees: boolean;
  crossPost: boolean;
  concurrentHead: boolean;
  isTownLeader: boolean;
  isCollegeGradOfficial: boolean;
  isResidentCadre: boolean;
  isFirstSecretary: boolean;
  leftOn: string | null;
  leftReason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The server's `flag` filter values. */
export const memberFlags = [
  'twoCommittees',
  'crossPost',
  'concurrentHead',
  'townLeader',
  'collegeGradOfficial',
  'residentCadre',
  'firstSecretary',
] as const;
export type MemberFlag = (typeof memberFlags)[number];

export interface ListMembersParams {
  orgId?: number;
  q?: string;
  stage?: Stage;
  gender?: Gender;
  flag?: MemberFlag;
  mobile?: boolean;
  includeLeft?: boolean;
  page: number;
  pageSize: number;
}

export interface MemberInput {
  name: string;
  gender: Gender;
  ethnicity: string | null;
  birthDate: string | null;
  education: Education | null;
  idCard?: string | null;
  phone: string | null;
  occupation: string | null;
  stage: Stage;
  appliedOn: string | null;
  activistOn: string | null;
  candidateOn: string | null;
  probationaryOn: string | null;
  fullOn: string | null;
  branchRole: BranchRole | null;
  villageCommitteeRole: VillageCommitteeRole | null;
  isTownLeader: boolean;
  isCollegeGradOfficial: boolean;
  isResidentCadre: boolean;
  isFirstSecretary: boolean;
}

export interface CreateMemberInput extends MemberInput {
  orgId: number;
}

export type UpdateMemberInput = Partial<MemberInput & { leftOn: string | null; leftReason: string | null }>;

export interface TransferInput {
  toOrgId: number;
  transferredOn: string;
  note: string | null;
}

export interface Transfer {
  id: number;
  memberId: number;
  fromOrgId: number;
  fromOrgName: string;
  toOrgId: number;
  toOrgName: string;
  transferredOn: string;
  note: string | null;
  createdAt: string;
}

export interface MobileRecordInput {
  direction: MobileDirection;
  place: string;
  certificateNo: string | null;
  hostOrgName: string | null;
  contactName: string | null;
  contactPhone: string | null;
  startedOn: string;
  endedOn: string | null;
}

export interface MobileRecord extends MobileRecordInput {
  id: number;
  memberId: number;
  createdAt: string;
  updatedAt: string;
}
