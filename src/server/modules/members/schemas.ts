import { Type, type Static } from '@fastify/type-provider-typebox';
import {
  branchRoles,
  educationLevels,
  genders,
  memberFlags,
  mobileDirections,
  phonePattern,
  stages,
  villageCommitteeRoles,
} from '../../../domain/member-base.js';
import { Id, IsoDate, multiline, Pagination, Timestamp } from '../../http/schemas.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const ShortText = (max: number, options: typeof multiline | object = {}) =>
  Type.String({ minLength: 1, maxLength: max, pattern: '\\S', ...options });

export const StageSchema = Type.Enum([...stages], {
  description:
    '人员类别：applicant 入党申请人, activist 入党积极分子, candidate 发展对象, probationary 预备党员, full 正式党员',
});
export const GenderSchema = Type.Enum([...genders], { description: '性别：male 男, female 女' });
export const EducationSchema = Type.Enum([...educationLevels], { description: '学历' });
export const BranchRoleSchema = Type.Enum([...branchRoles], { description: '支部职务' });
export const VillageCommitteeRoleSchema = Type.Enum([...villageCommitteeRoles], {
  description: '村（居）委会职务',
});
export const MobileDirectionSchema = Type.Enum([...mobileDirections], {
  description: '流向：outflow 流出, inflow 流入',
});
export const MemberFlagSchema = Type.Enum([...memberFlags], {
  description:
    '身份标记：twoCommittees 两委成员, crossPost 交叉任职, concurrentHead 一肩挑, townLeader 乡镇领导, collegeGradOfficial 大学生村官, residentCadre 驻村干部, firstSecretary 第一书记',
});
export const Phone = Type.String({ pattern: phonePattern, description: '手机号或带区号的固定电话' });
export const IdCard = Type.String({ minLength: 18, maxLength: 18, description: '18 位公民身份号码' });

export const MemberDto = Type.Object({
  id: Type.Integer(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  name: Type.String(),
  gender: GenderSchema,
  ethnicity: Type.Union([Type.String(), Type.Null()]),
  birthDate: Type.Union([Type.String(), Type.Null()]),
  education: Type.Union([EducationSchema, Type.Null()]),
  idCard: Type.Union([Type.String(), Type.Null()], { description: '无 member.idCard 权限时为脱敏值' }),
  phone: Type.Union([Type.String(), Type.Null()]),
  occupation: Type.Union([Type.String(), Type.Null()]),
  stage: StageSchema,
  appliedOn: Type.Union([Type.String(), Type.Null()]),
  activistOn: Type.Union([Type.String(), Type.Null()]),
  candidateOn: Type.Union([Type.String(), Type.Null()]),
  probationaryOn: Type.Union([Type.String(), Type.Null()]),
  fullOn: Type.Union([Type.String(), Type.Null()]),
  conversionDueOn: Type.Union([Type.String(), Type.Null()]),
  branchRole: Type.Union([BranchRoleSchema, Type.Null()]),
  villageCommitteeRole: Type.Union([VillageCommitteeRoleSchema, Type.Null()]),
  twoCommittees: Type.Boolean(),
  crossPost: Type.Boolean(),
  concurrentHead: Type.Boolean(),
  isTownLeader: Type.Boolean(),
  isCollegeGradOfficial: Type.Boolean(),
  isResidentCadre: Type.Boolean(),
  isFirstSecretary: Type.Boolean(),
  leftOn: Type.Union([Type.String(), Type.Null()]),
  leftReason: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type MemberDto = Static<typeof MemberDto>;

const memberFields = {
  name: ShortText(50),
  gender: GenderSchema,
  ethnicity: Type.Optional(Nullable(ShortText(20))),
  birthDate: Type.Optional(Nullable(IsoDate)),
  education: Type.Optional(Type.Union([EducationSchema, Type.Null()])),
  idCard: Type.Optional(Nullable(IdCard)),
  phone: Type.Optional(Nullable(Phone)),
  occupation: Type.Optional(Nullable(ShortText(50))),
  stage: StageSchema,
  appliedOn: Type.Optional(Nullable(IsoDate)),
  activistOn: Type.Optional(Nullable(IsoDate)),
  candidateOn: Type.Optional(Nullable(IsoDate)),
  probationaryOn: Type.Optional(Nullable(IsoDate)),
  fullOn: Type.Optional(Nullable(IsoDate)),
  branchRole: Type.Optional(Type.Union([BranchRoleSchema, Type.Null()])),
  villageCommitteeRole: Type.Optional(Type.Union([VillageCommitteeRoleSchema, Type.Null()])),
  isTownLeader: Type.Optional(Type.Boolean()),
  isCollegeGradOfficial: Type.Optional(Type.Boolean()),
  isResidentCadre: Type.Optional(Type.Boolean()),
  isFirstSecretary: Type.Optional(Type.Boolean()),
};

export const CreateMemberBody = Type.Object({ orgId: Id, ...memberFields }, { additionalProperties: false });
export type CreateMemberBody = Static<typeof CreateMemberBody>;

export const UpdateMemberBody = Type.Object(
  {
    ...memberFields,
    name: Type.Optional(memberFields.name),
    gender: Type.Optional(memberFields.gender),
    stage: Type.Optional(memberFields.stage),
    leftOn: Type.Optional(Nullable(IsoDate)),
    leftReason: Type.Optional(Nullable(ShortText(200, multiline))),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateMemberBody = Static<typeof UpdateMemberBody>;

export const MemberListQuery = Type.Object(
  {
    orgId: Type.Optional(Id),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    stage: Type.Optional(StageSchema),
    gender: Type.Optional(GenderSchema),
    flag: Type.Optional(MemberFlagSchema),
    mobile: Type.Optional(Type.Boolean({ description: 'true：仅当前在流动中的党员（有未结束的流动记录）' })),
    includeLeft: Type.Optional(Type.Boolean({ default: false })),
    ...Pagination,
  },
  { additionalProperties: false },
);
export type MemberListQuery = Static<typeof MemberListQuery>;

export const TransferBody = Type.Object(
  { toOrgId: Id, transferredOn: IsoDate, note: Type.Optional(Nullable(ShortText(200, multiline))) },
  { additionalProperties: false },
);
export type TransferBody = Static<typeof TransferBody>;

export const TransferDto = Type.Object({
  id: Type.Integer(),
  memberId: Type.Integer(),
  fromOrgId: Type.Integer(),
  fromOrgName: Type.String(),
  toOrgId: Type.Integer(),
  toOrgName: Type.String(),
  transferredOn: Type.String(),
  note: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
});

const mobileFields = {
  direction: MobileDirectionSchema,
  place: ShortText(100),
  certificateNo: Type.Optional(Nullable(ShortText(50))),
  hostOrgName: Type.Optional(Nullable(ShortText(100))),
  contactName: Type.Optional(Nullable(ShortText(50))),
  contactPhone: Type.Optional(Nullable(Phone)),
  startedOn: IsoDate,
  endedOn: Type.Optional(Nullable(IsoDate)),
};

export const CreateMobileRecordBody = Type.Object(mobileFields, { additionalProperties: false });
export type CreateMobileRecordBody = Static<typeof CreateMobileRecordBody>;
export const UpdateMobileRecordBody = Type.Object(
  {
    ...mobileFields,
    direction: Type.Optional(mobileFields.direction),
    place: Type.Optional(mobileFields.place),
    startedOn: Type.Optional(mobileFields.startedOn),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateMobileRecordBody = Static<typeof UpdateMobileRecordBody>;

export const MobileRecordDto = Type.Object({
  id: Type.Integer(),
  memberId: Type.Integer(),
  direction: MobileDirectionSchema,
  place: Type.String(),
  certificateNo: Type.Union([Type.String(), Type.Null()]),
  hostOrgName: Type.Union([Type.String(), Type.Null()]),
  contactName: Type.Union([Type.String(), Type.Null()]),
  contactPhone: Type.Union([Type.String(), Type.Null()]),
  startedOn: Type.String(),
  endedOn: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type MobileRecordDto = Static<typeof MobileRecordDto>;

export const PipelineQuery = Type.Object(
  { orgId: Type.Optional(Id), asOf: Type.Optional(IsoDate) },
  { additionalProperties: false },
);
export type PipelineQuery = Static<typeof PipelineQuery>;

const PipelinePerson = Type.Object({
  memberId: Type.Integer(),
  name: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  since: Type.String({ description: '积极分子：确定日期；预备党员：入党日期' }),
  dueOn: Type.String({ description: '积极分子：可确定为发展对象之日；预备党员：应转正之日' }),
});
export type PipelinePerson = Static<typeof PipelinePerson>;

export const PipelineDto = Type.Object({
  asOf: Type.String(),
  activistsEligible: Type.Array(PipelinePerson, { description: '培养满一年、可确定为发展对象的积极分子' }),
  conversionsDue: Type.Array(PipelinePerson, { description: '30 天内到期应转正的预备党员' }),
  conversionsOverdue: Type.Array(PipelinePerson, { description: '预备期已满仍未转正的预备党员' }),
  villagesWithoutDevelopment: Type.Array(
    Type.Object({
      orgId: Type.Integer(),
      orgName: Type.String(),
      lastDevelopedOn: Type.Union([Type.String(), Type.Null()]),
    }),
    { description: '前两个完整年度未发展党员的村党组织' },
  ),
});
export type PipelineDto = Static<typeof PipelineDto>;
