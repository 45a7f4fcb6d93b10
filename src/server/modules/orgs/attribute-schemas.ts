import { Type, type Static } from '@fastify/type-provider-typebox';
import { Id, IsoDate, multiline, Timestamp } from '../../http/schemas.js';
import { PersonName } from './schemas.js';

const NullableDate = Type.Union([IsoDate, Type.Null()]);
const Text = (max: number, options: typeof multiline | object = {}) =>
  Type.String({ minLength: 1, maxLength: max, pattern: '\\S', ...options });
const NullableText = (max: number, options: typeof multiline | object = {}) =>
  Type.Union([Text(max, options), Type.Null()]);
const Str = Type.String();
const NStr = Type.Union([Type.String(), Type.Null()]);

/** The ids of an item of an org's sub-resource. */
export const ItemParams = Type.Object({ id: Id, itemId: Id }, { additionalProperties: false });

// ---- 软弱涣散 rectifications ---------------------------------------------------------------

const rectificationFields = {
  flaggedOn: IsoDate,
  reasons: Text(2000, multiline),
  measures: Type.Optional(NullableText(4000, multiline)),
  transformedOn: Type.Optional(NullableDate),
  classificationAfter: Type.Optional(
    Type.Enum(['advanced', 'ordinary'], {
      description: '转化后的组织分类（默认 ordinary 一般）；仅在填写 transformedOn 时生效',
    }),
  ),
};
export const CreateRectificationBody = Type.Object(rectificationFields, { additionalProperties: false });
export const UpdateRectificationBody = Type.Object(
  {
    ...rectificationFields,
    flaggedOn: Type.Optional(IsoDate),
    reasons: Type.Optional(Text(2000, multiline)),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type RectificationInput = Static<typeof UpdateRectificationBody>;
export const RectificationDto = Type.Object({
  id: Type.Integer(),
  orgId: Type.Integer(),
  flaggedOn: Str,
  reasons: Str,
  measures: NStr,
  transformedOn: NStr,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

// ---- 联系点 -----------------------------------------------------------------------------------

const contactPointFields = {
  leaderName: PersonName,
  leaderTitle: Type.Optional(NullableText(100)),
  startedOn: Type.Optional(NullableDate),
  endedOn: Type.Optional(NullableDate),
};
export const CreateContactPointBody = Type.Object(contactPointFields, { additionalProperties: false });
export const UpdateContactPointBody = Type.Object(
  { ...contactPointFields, leaderName: Type.Optional(PersonName) },
  { additionalProperties: false, minProperties: 1 },
);
export type ContactPointInput = Static<typeof UpdateContactPointBody>;
export const ContactPointDto = Type.Object({
  id: Type.Integer(),
  orgId: Type.Integer(),
  leaderName: Str,
  leaderTitle: NStr,
  startedOn: NStr,
  endedOn: NStr,
  createdAt: Timestamp,
});

// ---- 结对共建 ---------------------------------------------------------------------------------

const pairingFields = {
  partnerOrgId: Type.Optional(Type.Union([Id, Type.Null()])),
  partnerName: Type.Optional(Text(100)),
  content: Type.Optional(NullableText(2000, multiline)),
  startedOn: Type.Optional(NullableDate),
  endedOn: Type.Optional(NullableDate),
};
export const CreatePairingBody = Type.Object(pairingFields, {
  additionalProperties: false,
  minProperties: 1,
});
export const UpdatePairingBody = Type.Object(pairingFields, {
  additionalProperties: false,
  minProperties: 1,
});
export type PairingInput = Static<typeof UpdatePairingBody>;
export const PairingDto = Type.Object({
  id: Type.Integer(),
  orgId: Type.Integer(),
  partnerOrgId: Type.Union([Type.Integer(), Type.Null()]),
  partnerName: Str,
  content: NStr,
  startedOn: NStr,
  endedOn: NStr,
  createdAt: Timestamp,
});

// ---- 非公企业和社会组织 ------------------------------------------------------------------------

const count = Type.Integer({ minimum: 0, maximum: 1_000_000 });
const nonPublicFields = {
  name: Text(100),
  kind: Type.Enum(['privateEnterprise', 'socialOrg'], {
    description: 'privateEnterprise 非公企业, socialOrg 社会组织',
  }),
  employees: Type.Optional(count),
  partyMembers: Type.Optional(count),
  shouldEstablish: Type.Optional(Type.Boolean()),
  ownOrgId: Type.Optional(Type.Union([Id, Type.Null()])),
  coveredByOrgId: Type.Optional(Type.Union([Id, Type.Null()])),
  hasInstructor: Type.Optional(Type.Boolean()),
};
export const CreateNonPublicEntityBody = Type.Object(nonPublicFields, { additionalProperties: false });
export const UpdateNonPublicEntityBody = Type.Object(
  {
    ...nonPublicFields,
    name: Type.Optional(nonPublicFields.name),
    kind: Type.Optional(nonPublicFields.kind),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type NonPublicEntityInput = Static<typeof UpdateNonPublicEntityBody>;
export const NonPublicEntityDto = Type.Object({
  id: Type.Integer(),
  orgId: Type.Integer(),
  name: Str,
  kind: Type.Enum(['privateEnterprise', 'socialOrg']),
  employees: Type.Integer(),
  partyMembers: Type.Integer(),
  shouldEstablish: Type.Boolean(),
  ownOrgId: Type.Union([Type.Integer(), Type.Null()]),
  coveredByOrgId: Type.Union([Type.Integer(), Type.Null()]),
  hasInstructor: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
