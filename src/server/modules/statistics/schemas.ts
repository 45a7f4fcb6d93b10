import { Type, type Static } from '@fastify/type-provider-typebox';
import { educationLevels, orgClassifications } from '../../../domain/member-base.js';
import { orgDomains } from '../../../domain/org-tree.js';
import { ageBands, type BaseStatistics } from '../../../domain/statistics.js';
import { OrgDomainSchema, OrgLevelSchema } from '../orgs/schemas.js';

export const StatisticsQuerystring = Type.Object(
  {
    orgId: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: '组织；默认为本人管辖范围的根组织' }),
    ),
    asOf: Type.Optional(Type.String({ maxLength: 10, description: '统计日期 YYYY-MM-DD；默认为今天' })),
  },
  { additionalProperties: false },
);

export const BatchStatisticsQuerystring = Type.Object(
  {
    orgIds: Type.String({
      minLength: 1,
      // Room for the largest batch of the largest ids; the count itself is checked with a Chinese message.
      maxLength: 8000,
      pattern: '^[0-9]+(,[0-9]+)*$',
      description: '以逗号分隔的组织编号，至多 200 个',
    }),
    asOf: StatisticsQuerystring.properties.asOf,
  },
  { additionalProperties: false },
);

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

export const BaseStatisticsSchema = Type.Object(
  {
    asOf: Type.String(),
    org: Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      level: OrgLevelSchema,
      domain: Type.Union([OrgDomainSchema, Type.Null()]),
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

export const BatchStatisticsSchema = Type.Object({
  asOf: Type.String(),
  items: Type.Array(BaseStatisticsSchema, { description: '按请求中的顺序（重复的编号只出现一次）' }),
});

export const BasicsSchema = Type.Object({
  text: Type.String({ description: '“基本情况”段落（中文）' }),
  rows: Type.Array(Type.Object({ label: Type.String(), value: Type.String() }), { description: '表格形式' }),
});

// The response schema must describe exactly what the domain type holds.
type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _schemaMatchesDomain: Equal<
  Omit<Static<typeof BaseStatisticsSchema>, 'development'>,
  Omit<BaseStatistics, 'development'>
> = true;
void _schemaMatchesDomain;
