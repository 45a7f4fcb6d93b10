import { Type, type Static } from '@fastify/type-provider-typebox';
import { orgNameMaxLength, sortOrderMax } from '../../../domain/field-rules.js';
import { orgDomains, orgLevels } from '../../../domain/org-tree.js';
import { Timestamp } from '../../http/schemas.js';

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
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type OrgDto = Static<typeof OrgDto>;

export const OrgName = Type.String({ minLength: 1, maxLength: orgNameMaxLength, pattern: '\\S' });

export const CreateOrgBody = Type.Object(
  {
    parentId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
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
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateOrgBody = Static<typeof UpdateOrgBody>;

export const MoveOrgBody = Type.Object(
  { parentId: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
