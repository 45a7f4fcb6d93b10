import { Type, type Static } from 'typebox';
import {
  branchRoles,
  educationLevels,
  genders,
  memberFlags,
  mobileDirections,
  phonePattern,
  stages,
  villageCommitteeRoles,
} from '../domain/member-base.js';
import { rosterLists } from '../domain/roster.js';
import { Id, IsoDate, multiline, Nullable, Pagination, Text, Timestamp } from './common.js';

export const Stage = Type.Enum([...stages], {
  description:
    '人员类别：applicant 入党申请人, activist 入党积极分子, candidate 发展对象, probationary 预备党员, full 正式党员',
});
export const Gender = Type.Enum([...genders], { description: '性别：male 男, female 女' });
export const Education = Type.Enum([...educationLevels], { description: '学历' });
export const BranchRole = Type.Enum([...branchRoles], { description: '支部职务' });
export const VillageCommitteeRole = Type.Enum([...villageCommitteeRoles], {
  description: '村（居）委会职务',
});
export const MobileDirection = Type.Enum([...mobileDirections], {
  description: '流向：outflow 流出, inflow 流入',
});
export const MemberFlag = Type.Enum([...memberFlags], {
  description:
    '身份标记：twoCommittees 两委成员, crossPost 交叉任职, concurrentHead 一肩挑, townLeader 乡镇领导, collegeGradOfficial 大学生村官, residentCadre 驻村干部, firstSecretary 第一书记',
});
export const Phone = Type.String({ pattern: phonePattern, description: '手机号或带区号的固定电话' });
export const IdCard = Type.String({ minLength: 18, maxLength: 18, description: '18 位公民身份号码' });

/** A member as the API answers: `idCard` is masked unless the reader holds member.idCard. */
export const Member = Type.Object({
  id: Type.Integer(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  name: Type.String(),
  gender: Gender,
  ethnicity: Nullable(Type.String()),
  birthDate: Nullable(Type.String()),
  education: Nullable(Education),
  idCard: Nullable(Type.String(), { description: '无 member.idCard 权限时为脱敏值' }),
  phone: Nullable(Type.String()),
  occupation: Nullable(Type.String()),
  stage: Stage,
  appliedOn: Nullable(Type.String()),
  activistOn: Nullable(Type.String()),
  candidateOn: Nullable(Type.String()),
  probationaryOn: Nullable(Type.String()),
  fullOn: Nullable(Type.String()),
  conversionDueOn: Nullable(Type.String(), { description: '由人员类别日期和职务推算' }),
  branchRole: Nullable(BranchRole),
  villageCommitteeRole: Nullable(VillageCommitteeRole),
  twoCommittees: Type.Boolean(),
  crossPost: Type.Boolean(),
  concurrentHead: Type.Boolean(),
  isTownLeader: Type.Boolean(),
  isCollegeGradOfficial: Type.Boolean(),
  isResidentCadre: Type.Boolean(),
  isFirstSecretary: Type.Boolean(),
  leftOn: Nullable(Type.String()),
  leftReason: Nullable(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Member = Static<typeof Member>;

const memberFields = {
  name: Text(50),
  gender: Gender,
  ethnicity: Type.Optional(Nullable(Text(20))),
  birthDate: Type.Optional(Nullable(IsoDate)),
  education: Type.Optional(Nullable(Education)),
  idCard: Type.Optional(Nullable(IdCard)),
  phone: Type.Optional(Nullable(Phone)),
  occupation: Type.Optional(Nullable(Text(50))),
  stage: Stage,
  appliedOn: Type.Optional(Nullable(IsoDate)),
  activistOn: Type.Optional(Nullable(IsoDate)),
  candidateOn: Type.Optional(Nullable(IsoDate)),
  probationaryOn: Type.Optional(Nullable(IsoDate)),
  fullOn: Type.Optional(Nullable(IsoDate)),
  branchRole: Type.Optional(Nullable(BranchRole)),
  villageCommitteeRole: Type.Optional(Nullable(VillageCommitteeRole)),
  isTownLeader: Type.Optional(Type.Boolean()),
  isCollegeGradOfficial: Type.Optional(Type.Boolean()),
  isResidentCadre: Type.Optional(Type.Boolean()),
  isFirstSecretary: Type.Optional(Type.Boolean()),
};

/** What a client sends for a member: the fields of a create, or of an update. */
export const MemberInput = Type.Object(memberFields);
export type MemberInput = Static<typeof MemberInput>;

export const CreateMemberInput = Type.Object({ orgId: Id, ...memberFields }, { additionalProperties: false });
export type CreateMemberInput = Static<typeof CreateMemberInput>;

export const UpdateMemberInput = Type.Object(
  {
    ...memberFields,
    name: Type.Optional(memberFields.name),
    gender: Type.Optional(memberFields.gender),
    stage: Type.Optional(memberFields.stage),
    leftOn: Type.Optional(Nullable(IsoDate)),
    leftReason: Type.Optional(Nullable(Text(200, multiline))),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateMemberInput = Static<typeof UpdateMemberInput>;

export const RosterList = Type.Enum([...rosterLists], {
  description: '名册：members 党员（正式、预备）, activists 入党积极分子和发展对象, applicants 入党申请人',
});

const memberFilters = {
  orgId: Type.Optional(Id),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  stage: Type.Optional(Stage),
  gender: Type.Optional(Gender),
  flag: Type.Optional(MemberFlag),
  mobile: Type.Optional(Type.Boolean({ description: 'true：仅当前在流动中的党员（有未结束的流动记录）' })),
  minAge: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 150, description: '今天已满该周岁（按出生日期）' }),
  ),
  includeLeft: Type.Optional(Type.Boolean({ default: false })),
};

export const ListMembersParams = Type.Object(
  { ...memberFilters, list: Type.Optional(RosterList), ...Pagination },
  { additionalProperties: false },
);
export type ListMembersParams = Static<typeof ListMembersParams>;

export const RosterParams = Type.Object(
  { ...memberFilters, list: Type.Optional(RosterList) },
  { additionalProperties: false },
);
export type RosterParams = Static<typeof RosterParams>;

/** One line of a printed roster: the columns on paper and nothing else. */
export const RosterRow = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  gender: Gender,
  birthDate: Nullable(Type.String()),
  education: Nullable(Education),
  idCard: Nullable(Type.String(), { description: '无 member.idCard 权限时为脱敏值' }),
  stage: Stage,
  appliedOn: Nullable(Type.String()),
  activistOn: Nullable(Type.String()),
  candidateOn: Nullable(Type.String()),
  probationaryOn: Nullable(Type.String()),
  fullOn: Nullable(Type.String()),
  orgName: Type.String(),
  phone: Nullable(Type.String()),
});
export type RosterRow = Static<typeof RosterRow>;

export const Roster = Type.Object({
  orgName: Type.String({ description: '名册所属组织（筛选的组织，或可见范围的组织）' }),
  list: RosterList,
  total: Type.Integer(),
  limit: Type.Integer({ description: '最多列出的人数；超出时请导出 Excel' }),
  items: Type.Array(RosterRow),
});
export type Roster = Static<typeof Roster>;

export const TransferInput = Type.Object(
  { toOrgId: Id, transferredOn: IsoDate, note: Type.Optional(Nullable(Text(200, multiline))) },
  { additionalProperties: false },
);
export type TransferInput = Static<typeof TransferInput>;

export const Transfer = Type.Object({
  id: Type.Integer(),
  memberId: Type.Integer(),
  fromOrgId: Type.Integer(),
  fromOrgName: Type.String(),
  toOrgId: Type.Integer(),
  toOrgName: Type.String(),
  transferredOn: Type.String(),
  note: Nullable(Type.String()),
  createdAt: Timestamp,
});
export type Transfer = Static<typeof Transfer>;

const mobileFields = {
  direction: MobileDirection,
  place: Text(100),
  certificateNo: Type.Optional(Nullable(Text(50))),
  hostOrgName: Type.Optional(Nullable(Text(100))),
  contactName: Type.Optional(Nullable(Text(50))),
  contactPhone: Type.Optional(Nullable(Phone)),
  startedOn: IsoDate,
  endedOn: Type.Optional(Nullable(IsoDate)),
};

export const MobileRecordInput = Type.Object(mobileFields, { additionalProperties: false });
export type MobileRecordInput = Static<typeof MobileRecordInput>;
export const UpdateMobileRecordInput = Type.Object(
  {
    ...mobileFields,
    direction: Type.Optional(mobileFields.direction),
    place: Type.Optional(mobileFields.place),
    startedOn: Type.Optional(mobileFields.startedOn),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateMobileRecordInput = Static<typeof UpdateMobileRecordInput>;

export const MobileRecord = Type.Object({
  id: Type.Integer(),
  memberId: Type.Integer(),
  direction: MobileDirection,
  place: Type.String(),
  certificateNo: Nullable(Type.String()),
  hostOrgName: Nullable(Type.String()),
  contactName: Nullable(Type.String()),
  contactPhone: Nullable(Type.String()),
  startedOn: Type.String(),
  endedOn: Nullable(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type MobileRecord = Static<typeof MobileRecord>;
