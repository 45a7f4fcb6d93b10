import { Type, type Static, type TSchema } from 'typebox';
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

/** How many items each reminder list carries: a county's lists run to tens of thousands. */
export const pipelineListLimit = 100;

/** A reminder list: how many there are, and the first `pipelineListLimit` of them. */
const Listed = <T extends TSchema>(item: T, description: string) =>
  Type.Object({ total: Type.Integer(), items: Type.Array(item) }, { description });

/** One org's count of each person list (the person's current org). */
export const PipelineOrgRow = Type.Object({
  orgId: Type.Integer(),
  orgName: Type.String(),
  activistsEligible: Type.Integer(),
  conversionsDue: Type.Integer(),
  conversionsOverdue: Type.Integer(),
});
export type PipelineOrgRow = Static<typeof PipelineOrgRow>;

/** Due and overdue steps of the development pipeline. */
export const Pipeline = Type.Object({
  asOf: Type.String(),
  activistsEligible: Listed(PipelinePerson, '培养满一年、可确定为发展对象的积极分子（按可确定日期）'),
  conversionsDue: Listed(PipelinePerson, '30 天内到期应转正的预备党员（按应转正日期）'),
  conversionsOverdue: Listed(PipelinePerson, '预备期已满仍未转正的预备党员（按应转正日期）'),
  villagesWithoutDevelopment: Listed(
    VillageWithoutDevelopment,
    '前两个完整年度未发展党员的村党组织（按组织架构顺序）',
  ),
  perOrg: Listed(PipelineOrgRow, '有上述人员的党组织及各项人数（逾期未转正多者在前）'),
});
export type Pipeline = Static<typeof Pipeline>;
