import { Type, type Static } from 'typebox';
import { orgNameMaxLength, sortOrderMax } from '../domain/field-rules.js';
import { orgClassifications, termStatuses } from '../domain/member-base.js';
import { orgDomains, orgLevels } from '../domain/org-tree.js';
import { Id, IsoDate, ItemsOf, Nullable, Pagination, PersonName, Text, Timestamp } from './common.js';

export const OrgClassification = Type.Enum([...orgClassifications], {
  description: '分类：advanced 先进, ordinary 一般, weak 后进（软弱涣散）',
});
export const TermStatus = Type.Enum([...termStatuses], {
  description: '换届提醒：ok 正常, expiringSoon 90 天内届满, overdue 已超期',
});
export const OrgLevel = Type.Enum([...orgLevels], {
  description: '层级：county 县委, committee 党委, workCommittee 党工委, generalBranch 党总支, branch 党支部',
});
export const OrgDomain = Type.Enum([...orgDomains], { description: '领域' });

/** The facts of an org beyond its place in the tree, as every org answer of the API carries them. */
export const OrgAttributes = Type.Object({
  secretaryName: Nullable(Type.String()),
  deputySecretaryName: Nullable(Type.String()),
  foundedOn: Nullable(Type.String()),
  dissolvedOn: Nullable(Type.String()),
  termStartedOn: Nullable(Type.String()),
  termEndsOn: Nullable(Type.String()),
  termStatus: Nullable(TermStatus, { description: '按今天计算；未登记届满日期时为 null' }),
  classification: Nullable(OrgClassification),
  hasServiceCenter: Type.Boolean(),
  hasRemoteEducationSite: Type.Boolean(),
});
export type OrgAttributes = Static<typeof OrgAttributes>;

export const Org = Type.Object({
  id: Type.Integer(),
  parentId: Nullable(Type.Integer()),
  path: Type.String({ description: '从根到本组织的 id 路径，如 1.4.17' }),
  name: Type.String(),
  level: OrgLevel,
  domain: Nullable(OrgDomain),
  sortOrder: Type.Integer(),
  childCount: Type.Integer(),
  ...OrgAttributes.properties,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Org = Static<typeof Org>;
export const OrgList = ItemsOf(Org);

export const OrgSearchHit = Type.Object({
  ...Org.properties,
  pathNames: Type.Array(Type.String(), { description: '从根到本组织的名称' }),
});
export type OrgSearchHit = Static<typeof OrgSearchHit>;

export const OrgDetail = Type.Object({
  ...Org.properties,
  ancestors: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
});
export type OrgDetail = Static<typeof OrgDetail>;

export const OrgName = Text(orgNameMaxLength);
const SortOrder = Type.Integer({ minimum: 0, maximum: sortOrderMax });

export const CreateOrgInput = Type.Object(
  {
    parentId: Nullable(Id),
    name: OrgName,
    level: OrgLevel,
    domain: Type.Optional(Nullable(OrgDomain)),
    sortOrder: Type.Optional(SortOrder),
  },
  { additionalProperties: false },
);
export type CreateOrgInput = Static<typeof CreateOrgInput>;

const attributeInputs = {
  secretaryName: Type.Optional(Nullable(PersonName)),
  deputySecretaryName: Type.Optional(Nullable(PersonName)),
  foundedOn: Type.Optional(Nullable(IsoDate)),
  dissolvedOn: Type.Optional(Nullable(IsoDate)),
  termStartedOn: Type.Optional(Nullable(IsoDate)),
  termEndsOn: Type.Optional(Nullable(IsoDate)),
  classification: Type.Optional(Nullable(OrgClassification)),
  hasServiceCenter: Type.Optional(Type.Boolean()),
  hasRemoteEducationSite: Type.Optional(Type.Boolean()),
};
export const OrgAttributesInput = Type.Object(attributeInputs);
export type OrgAttributesInput = Static<typeof OrgAttributesInput>;

export const UpdateOrgInput = Type.Object(
  {
    name: Type.Optional(OrgName),
    level: Type.Optional(OrgLevel),
    domain: Type.Optional(Nullable(OrgDomain)),
    sortOrder: Type.Optional(SortOrder),
    ...attributeInputs,
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateOrgInput = Static<typeof UpdateOrgInput>;

export const MoveOrgInput = Type.Object({ parentId: Id }, { additionalProperties: false });
export type MoveOrgInput = Static<typeof MoveOrgInput>;

export const ListOrgsParams = Type.Object({ parentId: Type.Optional(Id) }, { additionalProperties: false });
export const SearchOrgsParams = Type.Object(
  { q: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);
export const OrgTermsParams = Type.Object(
  { orgId: Type.Optional(Id), ...Pagination },
  { additionalProperties: false },
);
export type OrgTermsParams = Static<typeof OrgTermsParams>;
/** A page of the 换届提醒, soonest term end first (so the overdue ones lead), with the counts of all of them. */
export const OrgTermList = Type.Object({
  items: Type.Array(Org),
  total: Type.Integer(),
  overdue: Type.Integer({ description: '其中已超期的组织数' }),
});
export type OrgTermList = Static<typeof OrgTermList>;
