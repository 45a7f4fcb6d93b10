import { Type, type Static, type TSchema } from 'typebox';
import { nonPublicKinds } from '../domain/org-tree.js';
import { Id, IsoDate, multiline, Nullable, PersonName, Text, Timestamp } from './common.js';

/*
 * An org's records: lists of rows that belong to one org (软弱涣散整顿, 联系点, 结对共建, 非公企业和社会组织),
 * each under /api/orgs/:id/<segment>[/:recordId].
 */

export const OrgRecordParams = Type.Object({ id: Id, recordId: Id }, { additionalProperties: false });

const recordBase = { id: Type.Integer(), orgId: Type.Integer(), createdAt: Timestamp };
export const OrgRecord = Type.Object(recordBase);
export type OrgRecord = Static<typeof OrgRecord>;

/** Every field optional, at least one given: the body of a PATCH. */
const partial = <T extends Record<string, TSchema>>(fields: T) =>
  Type.Object(Type.Partial(Type.Object(fields)).properties, {
    additionalProperties: false,
    minProperties: 1,
  });

// ---- 软弱涣散整顿 -------------------------------------------------------------------------------

const weakOrgRectificationFields = {
  flaggedOn: IsoDate,
  reasons: Text(2000, multiline),
  measures: Type.Optional(Nullable(Text(4000, multiline))),
  transformedOn: Type.Optional(Nullable(IsoDate)),
  classificationAfter: Type.Optional(
    Type.Enum(['advanced', 'ordinary'], {
      description: '转化后的组织分类（默认 ordinary 一般）；仅在填写 transformedOn 时生效',
    }),
  ),
};
export const CreateWeakOrgRectificationInput = Type.Object(weakOrgRectificationFields, {
  additionalProperties: false,
});
export const UpdateWeakOrgRectificationInput = partial(weakOrgRectificationFields);
export type WeakOrgRectificationInput = Static<typeof UpdateWeakOrgRectificationInput>;
export const WeakOrgRectification = Type.Object({
  ...recordBase,
  flaggedOn: Type.String(),
  reasons: Type.String(),
  measures: Nullable(Type.String()),
  transformedOn: Nullable(Type.String()),
  updatedAt: Timestamp,
});
export type WeakOrgRectification = Static<typeof WeakOrgRectification>;

// ---- 联系点 -----------------------------------------------------------------------------------

const contactPointFields = {
  leaderName: PersonName,
  leaderTitle: Type.Optional(Nullable(Text(100))),
  startedOn: Type.Optional(Nullable(IsoDate)),
  endedOn: Type.Optional(Nullable(IsoDate)),
};
export const CreateContactPointInput = Type.Object(contactPointFields, { additionalProperties: false });
export const UpdateContactPointInput = partial(contactPointFields);
export type ContactPointInput = Static<typeof UpdateContactPointInput>;
export const ContactPoint = Type.Object({
  ...recordBase,
  leaderName: Type.String(),
  leaderTitle: Nullable(Type.String()),
  startedOn: Nullable(Type.String()),
  endedOn: Nullable(Type.String()),
});
export type ContactPoint = Static<typeof ContactPoint>;

// ---- 结对共建 ---------------------------------------------------------------------------------

const pairingFields = {
  partnerOrgId: Type.Optional(Nullable(Id)),
  partnerName: Type.Optional(Text(100)),
  content: Type.Optional(Nullable(Text(2000, multiline))),
  startedOn: Type.Optional(Nullable(IsoDate)),
  endedOn: Type.Optional(Nullable(IsoDate)),
};
// Either a partner org or a partner name is needed; the service says which is missing.
export const CreatePairingInput = partial(pairingFields);
export const UpdatePairingInput = partial(pairingFields);
export type PairingInput = Static<typeof UpdatePairingInput>;
export const Pairing = Type.Object({
  ...recordBase,
  partnerOrgId: Nullable(Type.Integer()),
  partnerName: Type.String(),
  content: Nullable(Type.String()),
  startedOn: Nullable(Type.String()),
  endedOn: Nullable(Type.String()),
});
export type Pairing = Static<typeof Pairing>;

// ---- 非公企业和社会组织 ------------------------------------------------------------------------

export const NonPublicKind = Type.Enum([...nonPublicKinds], {
  description: 'privateEnterprise 非公企业, socialOrg 社会组织',
});
const Count = Type.Integer({ minimum: 0, maximum: 1_000_000 });
const nonPublicFields = {
  name: Text(100),
  kind: NonPublicKind,
  employees: Type.Optional(Count),
  partyMembers: Type.Optional(Count),
  shouldEstablish: Type.Optional(Type.Boolean()),
  ownOrgId: Type.Optional(Nullable(Id)),
  coveredByOrgId: Type.Optional(Nullable(Id)),
  hasInstructor: Type.Optional(Type.Boolean()),
};
export const CreateNonPublicEntityInput = Type.Object(nonPublicFields, { additionalProperties: false });
export const UpdateNonPublicEntityInput = partial(nonPublicFields);
export type NonPublicEntityInput = Static<typeof UpdateNonPublicEntityInput>;
export const NonPublicEntity = Type.Object({
  ...recordBase,
  name: Type.String(),
  kind: NonPublicKind,
  employees: Type.Integer(),
  partyMembers: Type.Integer(),
  shouldEstablish: Type.Boolean(),
  ownOrgId: Nullable(Type.Integer()),
  coveredByOrgId: Nullable(Type.Integer()),
  hasInstructor: Type.Boolean(),
  updatedAt: Timestamp,
});
export type NonPublicEntity = Static<typeof NonPublicEntity>;

/** The record lists under /api/orgs/:id/…, by URL segment. */
export const orgRecordSchemas = {
  'weak-org-rectifications': {
    record: WeakOrgRectification,
    create: CreateWeakOrgRectificationInput,
    update: UpdateWeakOrgRectificationInput,
  },
  'contact-points': {
    record: ContactPoint,
    create: CreateContactPointInput,
    update: UpdateContactPointInput,
  },
  pairings: { record: Pairing, create: CreatePairingInput, update: UpdatePairingInput },
  'non-public-entities': {
    record: NonPublicEntity,
    create: CreateNonPublicEntityInput,
    update: UpdateNonPublicEntityInput,
  },
};
export type OrgRecordSegment = keyof typeof orgRecordSchemas;
/** A record of any of the lists, as the API answers it. */
export type AnyOrgRecord = Static<(typeof orgRecordSchemas)[OrgRecordSegment]['record']>;
