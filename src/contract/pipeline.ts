import { Type, type Static } from 'typebox';
import { Id, IsoDate, Nullable } from './common.js';

export const PipelineParams = Type.Object(
  { orgId: Type.Optional(Id), asOf: Type.Optional(IsoDate) },
  { additionalProperties: false },
);
export type PipelineParams = Static<typeof PipelineParams>;

/** One person in a pipeline reminder list. */
export const PipelinePerson = Type.Object({
  memberId: Type.Integer(),
  name: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  since: Type.String({ description: '积极分子：确定日期；预备党员：入党日期' }),
  dueOn: Type.String({ description: '积极分子：可确定为发展对象之日；预备党员：应转正之日' }),
});
export type PipelinePerson = Static<typeof PipelinePerson>;

export const VillageWithoutDevelopment = Type.Object({
  orgId: Type.Integer(),
  orgName: Type.String(),
  lastDevelopedOn: Nullable(Type.String()),
});
export type VillageWithoutDevelopment = Static<typeof VillageWithoutDevelopment>;

/** Due and overdue steps of the development pipeline. */
export const Pipeline = Type.Object({
  asOf: Type.String(),
  activistsEligible: Type.Array(PipelinePerson, { description: '培养满一年、可确定为发展对象的积极分子' }),
  conversionsDue: Type.Array(PipelinePerson, { description: '30 天内到期应转正的预备党员' }),
  conversionsOverdue: Type.Array(PipelinePerson, { description: '预备期已满仍未转正的预备党员' }),
  villagesWithoutDevelopment: Type.Array(VillageWithoutDevelopment, {
    description: '前两个完整年度未发展党员的村党组织',
  }),
});
export type Pipeline = Static<typeof Pipeline>;
