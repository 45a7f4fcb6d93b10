import type {
  BranchRole,
  Education,
  Gender,
  MemberFlag,
  MobileDirection,
  Stage,
  VillageCommitteeRole,
} from '../../../domain/member-base.js';

/** What a client sends for a member (create, or the fields of an update). */
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

/** A member as GET /api/members answers: `idCard` is already masked unless the reader holds member.idCard. */
export interface Member extends MemberInput {
  id: number;
  orgId: number;
  orgName: string;
  idCard: string | null;
  /** Derived by the server from the stage dates and the two roles. */
  conversionDueOn: string | null;
  twoCommittees: boolean;
  crossPost: boolean;
  concurrentHead: boolean;
  leftOn: string | null;
  leftReason: string | null;
  createdAt: string;
  updatedAt: string;
}

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
