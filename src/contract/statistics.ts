import { Type, type Static } from 'typebox';
import { educationLevels, orgClassifications } from '../domain/member-base.js';
import { orgDomains } from '../domain/org-tree.js';
import { basicsUnits, type BasicsRow } from '../domain/basics-text.js';
import { ageBands, type BaseStatistics } from '../domain/statistics.js';
import { Id, IsoDate, Nullable, type Equal } from './common.js';
import { OrgDomain, OrgLevel } from './orgs.js';

export const StatisticsParams = Type.Object(
  {
    orgId: Type.Optional(Id),
    asOf: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);
export type StatisticsParams = Static<typeof StatisticsParams>;

export const BatchStatisticsParams = Type.Object(
  {
    orgIds: Type.String({
      minLength: 1,
      // Room for the largest batch of the largest ids; the count itself is checked with a Chinese message.
      maxLength: 8000,
      pattern: '^[0-9]+(,[0-9]+)*$',
      description: '以逗号分隔的组织编号，至多 200 个',
    }),
    asOf: StatisticsParams.properties.asOf,
  },
  { additionalProperties: false },
);
export type BatchStatisticsParams = Static<typeof BatchStatisticsParams>;

const Count = Type.Integer({ minimum: 0 });
const Share = Type.Object({
  count: Count,
  percent: Type.Union([Type.Number(), Type.Null()], {
    description: '百分比，保留一位小数；分母为 0 时为 null',
  }),
});
const counts = <K extends string>(keys: readonly K[]) =>
  Type.Object(Object.fromEntries(keys.map((k) => [k, Count])) as Record<K, typeof Count>);
const LeaderGroup = Type.Object({
  count: Count,
  averageAge: Type.Union([Type.Number(), Type.Null()]),
  seniorHighOrAbove: Share,
  collegeOrAbove: Share,
});
const NamedOrg = Type.Object({ id: Type.Integer(), name: Type.String() });

export const Statistics = Type.Object(
  {
    asOf: Type.String(),
    org: Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      level: OrgLevel,
      domain: Nullable(OrgDomain),
    }),
    orgs: Type.Object({
      total: Count,
      committees: Count,
      branchTotal: Count,
      generalBranches: Count,
      branches: Count,
      branchesByDomain: counts([...orgDomains, 'unspecified'] as const),
      classification: counts([...orgClassifications, 'unclassified'] as const),
      weakUnderRectification: Count,
      serviceCenters: Count,
      remoteEducationSites: Count,
      termsEndingSoon: Count,
      termsOverdue: Count,
    }),
    members: Type.Object({
      total: Count,
      full: Count,
      probationary: Count,
      female: Share,
      male: Share,
      activists: Count,
      candidates: Count,
      applicants: Count,
      mobile: Type.Object({ outflow: Share, outflowFemale: Count, inflow: Count }),
      newEconomicSocial: Share,
      education: Type.Object({
        seniorHighOrAbove: Share,
        collegeOrAbove: Share,
        byLevel: counts([...educationLevels, 'unknown'] as const),
      }),
      age: Type.Object({
        known: Count,
        average: Type.Union([Type.Number(), Type.Null()]),
        aged60Plus: Share,
        under35: Share,
        under40: Share,
        bands: counts(ageBands),
        bandsByGender: Type.Object({ male: counts(ageBands), female: counts(ageBands) }),
      }),
      newByYear: Type.Array(Type.Object({ year: Type.Integer(), count: Count })),
    }),
    development: Type.Object({
      years: Type.Array(Type.Integer(), { minItems: 2, maxItems: 2 }),
      villageBranches: Count,
      eligibleVillages: Count,
      villagesWithoutDevelopment: Share,
      villages: Type.Array(NamedOrg),
    }),
    leadership: Type.Object({
      townLeaders: LeaderGroup,
      villageSecretaries: LeaderGroup,
      twoCommittees: Type.Intersect([
        LeaderGroup,
        Type.Object({ branchCommittee: Count, villageCommittee: Count, crossPosts: Count }),
      ]),
      concurrentHeadVillages: Share,
      collegeGradOfficials: Count,
      residentCadres: Count,
      firstSecretaries: Count,
    }),
    nonPublic: Type.Object({
      entities: Count,
      shouldEstablish: Count,
      established: Share,
      covered: Share,
      instructors: Share,
    }),
  },
  { description: '基本情况统计：组织、党员、发展、班子、非公覆盖等数字（按统计日期）' },
);

/** Several orgs' figures on one day, in the order asked. */
export const BatchStatistics = Type.Object({
  asOf: Type.String(),
  items: Type.Array(Statistics, { description: '按请求中的顺序（重复的编号只出现一次）' }),
});
export type BatchStatistics = Static<typeof BatchStatistics>;

/** The 基本情况 of a report: one Chinese paragraph and the same figures as table rows. */
export const Basics = Type.Object({
  text: Type.String({ description: '“基本情况”段落（中文）' }),
  rows: Type.Array(
    Type.Object({
      label: Type.String(),
      value: Type.String({ description: '印出的形式，如“163名（占18.8%）”' }),
      amount: Type.Number({
        description: '数值：人数、个数或平均年龄；比率（unit 为 %）以小数表示，0.188 即 18.8%',
      }),
      unit: Type.Enum([...basicsUnits], { description: '单位；% 表示 amount 是比率' }),
      share: Nullable(Type.Number({ description: '占比（小数），该行给出时' })),
    }),
    { description: '表格形式' },
  ),
});
export type Basics = Static<typeof Basics>;

export type Statistics = Static<typeof Statistics>;

// The response schema must describe exactly what the domain type holds.
const _schemaMatchesDomain: Equal<
  Omit<Statistics, 'development'>,
  Omit<BaseStatistics, 'development'>
> = true;
void _schemaMatchesDomain;
const _rowsMatchDomain: Equal<Basics['rows'][number], BasicsRow> = true;
void _rowsMatchDomain;
