import { Type, type Static } from 'typebox';
import { profileFigureKinds, profileYearRange } from '../domain/profile-figures.js';
import { Id, Nullable, Timestamp } from './common.js';
import { OrgLevel } from './orgs.js';

/*
 * 基本情况填报数据: yearly figures an org enters that no record holds (area, population, collective
 * income …), under /api/profile-figures. Labels, units and levels are the domain's list.
 */

export const ProfileFigureKind = Type.Enum([...profileFigureKinds], { description: '填报项目' });
const Year = Type.Integer({
  minimum: profileYearRange.from,
  maximum: profileYearRange.to,
  description: '年度',
});
// Range, sign and decimals are checked by the service, with a message naming the figure.
const Value = Type.Number({ description: '数值（单位见填报项目）' });

export const ProfileFiguresParams = Type.Object(
  { orgId: Type.Optional(Id), year: Type.Optional(Year) },
  { additionalProperties: false },
);
export type ProfileFiguresParams = Static<typeof ProfileFiguresParams>;

export const ProfileFiguresInput = Type.Object(
  {
    orgId: Id,
    year: Year,
    values: Type.Object(
      Object.fromEntries(profileFigureKinds.map((k) => [k, Type.Optional(Nullable(Value))])) as Record<
        (typeof profileFigureKinds)[number],
        Type.TOptional<ReturnType<typeof Nullable<typeof Value>>>
      >,
      { additionalProperties: false, minProperties: 1, description: '填报项目 → 数值；null 删除该项' },
    ),
  },
  { additionalProperties: false },
);
export type ProfileFiguresInput = Static<typeof ProfileFiguresInput>;

export const ProfileFigureItem = Type.Object({
  kind: ProfileFigureKind,
  /** Whether the org's level fills this kind in. */
  fillable: Type.Boolean(),
  own: Nullable(
    Type.Object({ value: Type.Number(), updatedByName: Nullable(Type.String()), updatedAt: Timestamp }),
  ),
  /** The org's own entry, or the sum of its subtree's where the kind adds up. */
  total: Nullable(
    Type.Object({
      value: Type.Number(),
      source: Type.Union([Type.Literal('own'), Type.Literal('children')]),
      orgs: Type.Integer({ minimum: 1, description: '汇总了几个组织的填报数' }),
    }),
  ),
});
export type ProfileFigureItem = Static<typeof ProfileFigureItem>;

export const ProfileFigures = Type.Object(
  {
    org: Type.Object({ id: Type.Integer(), name: Type.String(), level: OrgLevel }),
    year: Type.Integer(),
    items: Type.Array(ProfileFigureItem),
  },
  { description: '某组织某年度的基本情况填报数据及其下级汇总' },
);
export type ProfileFigures = Static<typeof ProfileFigures>;
