import { Type, type Static } from 'typebox';
import { maxSpotCheckSize, spotCheckSeedRange } from '../domain/spot-checks.js';
import { Id, IsoDate, Nullable, PersonName, Text, Timestamp, multiline } from './common.js';
import { FileMeta } from './files.js';

/*
 * 抽查 (/api/spot-checks): the cycle's organizer draws orgs of the reporting set at random with a
 * recorded seed; checkers and organizers record what they found on site per drawn org, each finding
 * deducting points from one indicator of the org's scheme.
 */

export const SpotCheckListParams = Type.Object({ cycleId: Id }, { additionalProperties: false });
export type SpotCheckListParams = Static<typeof SpotCheckListParams>;

export const DrawSpotChecksInput = Type.Object(
  {
    cycleId: Id,
    size: Type.Integer({ minimum: 1, maximum: maxSpotCheckSize, description: '抽查数量' }),
    seed: Type.Optional(
      Type.Integer({
        minimum: spotCheckSeedRange.min,
        maximum: spotCheckSeedRange.max,
        description: '随机种子（缺省由系统生成并记录）',
      }),
    ),
  },
  { additionalProperties: false },
);
export type DrawSpotChecksInput = Static<typeof DrawSpotChecksInput>;

export const SpotCheckSummary = Type.Object({
  id: Type.Integer(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  position: Type.Integer({ description: '抽中顺序（从1起）' }),
  checkedOn: Nullable(Type.String()),
  checkers: Type.Array(Type.String()),
  findings: Type.Integer(),
  points: Type.Number({ description: '扣分合计' }),
});
export type SpotCheckSummary = Static<typeof SpotCheckSummary>;

export const SpotCheckDraw = Type.Object({
  id: Type.Integer(),
  seed: Type.Integer(),
  size: Type.Integer(),
  /** The orgs it drew from, in id order: with the seed, the draw can be made again. */
  pool: Type.Array(Type.Integer()),
  drawnOn: Type.String(),
  drawnByName: Nullable(Type.String()),
  /** The drawn orgs within the reader's scope, in the order drawn. */
  checks: Type.Array(SpotCheckSummary),
});
export type SpotCheckDraw = Static<typeof SpotCheckDraw>;

export const SpotCheckDraws = Type.Object({
  items: Type.Array(SpotCheckDraw),
  /** Whether the reader may draw (the cycle's organizer, cycle not closed). */
  writable: Type.Boolean(),
  /** Reporting orgs not drawn yet. */
  available: Type.Integer(),
});
export type SpotCheckDraws = Static<typeof SpotCheckDraws>;

export const SpotCheckFindingInput = Type.Object(
  {
    indicatorKey: Text(40, { description: '考核指标编号' }),
    points: Type.Number({ minimum: 0, maximum: 100, description: '扣分（不超过该指标的分值）' }),
    reason: Text(500, { ...multiline, description: '扣分原因' }),
    fileIds: Type.Optional(
      Type.Array(Id, { maxItems: 20, uniqueItems: true, description: '现场照片等佐证' }),
    ),
  },
  { additionalProperties: false },
);
export type SpotCheckFindingInput = Static<typeof SpotCheckFindingInput>;

export const RecordSpotCheckInput = Type.Object(
  {
    checkedOn: IsoDate,
    checkers: Type.Array(PersonName, { minItems: 1, maxItems: 20, description: '检查人员' }),
    findings: Type.Array(SpotCheckFindingInput, { maxItems: 100 }),
  },
  { additionalProperties: false },
);
export type RecordSpotCheckInput = Static<typeof RecordSpotCheckInput>;

export const SpotCheckFinding = Type.Object({
  id: Type.Integer(),
  indicatorKey: Type.String(),
  indicatorName: Nullable(Type.String({ description: '指标名称（方案中已无此指标时为 null）' })),
  maxPoints: Nullable(Type.Number()),
  points: Type.Number(),
  reason: Type.String(),
  files: Type.Array(FileMeta),
});
export type SpotCheckFinding = Static<typeof SpotCheckFinding>;

export const SpotCheckIndicator = Type.Object({
  key: Type.String(),
  name: Type.String(),
  category: Type.String(),
  maxPoints: Type.Number(),
});

export const SpotCheck = Type.Object({
  ...SpotCheckSummary.properties,
  cycleId: Type.Integer(),
  cycleName: Type.String(),
  drawId: Type.Integer(),
  findingsList: Type.Array(SpotCheckFinding),
  /** The regular indicators of the org's scheme a finding may deduct from. */
  indicators: Type.Array(SpotCheckIndicator),
  /** Whether the reader may record findings (spotCheck.write, in scope, cycle not closed). */
  writable: Type.Boolean(),
  updatedAt: Timestamp,
});
export type SpotCheck = Static<typeof SpotCheck>;
