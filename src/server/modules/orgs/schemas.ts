import { Type, type Static } from '@fastify/type-provider-typebox';
import { orgNameMaxLength, sortOrderMax } from '../../../domain/field-rules.js';
import { orgClassifications, termStatuses } from '../../../domain/member-base.js';
import { orgDomains, orgLevels } from '../../../domain/org-tree.js';
import { Id, IsoDate, Timestamp } from '../../http/schemas.js';

const NullableDate = Type.Union([IsoDate, Type.Null()]);
export const PersonName = Type.String({ minLength: 1, maxLength: 50, pattern: '\\S' });
export const OrgClassificationSchema = Type.Enum([...orgClassifications], {
  description: '分类：advanced 先进, ordinary 一般, weak 后进（软弱涣散）',
});
export const TermStatusSchema = Type.Enum([...termStatuses], {
  description: '换届提醒：ok 正常, expiringSoon 90 天内届满, overdue 已超期',
});

export const OrgLevelSchema = Type.Enum([...orgLevels], {
  description: '层级：county 县委, committee 党委, workCommittee 党工委, generalBranch 党总支, branch 党支部',
});
export const OrgDomainSchema = Type.Enum([...orgDomains], { description: '领域' });

export const OrgDto = Type.Object({
  id: Type.Integer(),
  parentId: Type.Union([Type.Integer(), Type.Null()]),
  path: Type.String(),
  name: Type.String(),
  level: OrgLevelSchema,
  domain: Type.Union([OrgDomainSchema, Type.Null()]),
  sortOrder: Type.Integer(),
  childCount: Type.Integer(),
  secretaryName: Type.Union([Type.String(), Type.Null()]),
  deputySecretaryName: Type.Union([Type.String(), Type.Null()]),
  foundedOn: Type.Union([Type.String(), Type.Null()]),
  dissolvedOn: Type.Union([Type.String(), Type.Null()]),
  termStartedOn: Type.Union([Type.String(), Type.Null()]),
  termEndsOn: Type.Union([Type.String(), Type.Null()]),
  termStatus: Type.Union([TermStatusSchema, Type.Null()]),
  classification: Type.Union([OrgClassificationSchema, Type.Null()]),
  hasServiceCenter: Type.Boolean(),
  hasRemoteEducationSite: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type OrgDto = Static<typeof OrgDto>;

export const OrgName = Type.String({ minLength: 1, maxLength: orgNameMaxLength, pattern: '\\S' });

export const CreateOrgBody = Type.Object(
  {
    parentId: Type.Union([Id, Type.Null()]),
    name: OrgName,
    level: OrgLevelSchema,
    domain: Type.Optional(Type.Union([OrgDomainSchema, Type.Null()])),
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: sortOrderMax })),
  },
  { additionalProperties: false },
);
export type CreateOrgBody = Static<typeof CreateOrgBody>;

export const UpdateOrgBody = Type.Object(
  {
    name: Type.Optional(OrgName),
    level: Type.Optional(OrgLevelSchema),
    domain: Type.Optional(Type.Union([OrgDomainSchema, Type.Null()])),
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: sortOrderMax })),
    secretaryName: Type.Optional(Type.Union([PersonName, Type.Null()])),
    deputySecretaryName: Type.Optional(Type.Union([PersonName, Type.Null()])),
    foundedOn: Type.Optional(NullableDate),
    dissolvedOn: Type.Optional(NullableDate),
    termStartedOn: Type.Optional(NullableDate),
    termEndsOn: Type.Optional(NullableDate),
    classification: Type.Optional(Type.Union([OrgClassificationSchema, Type.Null()])),
    hasServiceCenter: Type.Optional(Type.Boolean()),
    hasRemoteEducationSite: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateOrgBody = Static<typeof UpdateOrgBody>;

export const MoveOrgBody = Type.Object({ parentId: Id }, { additionalProperties: false });
