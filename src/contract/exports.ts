import { Type, type Static } from 'typebox';
import { Id, IsoDate } from './common.js';

export const ExportOrgParams = Type.Object({ orgId: Id }, { additionalProperties: false });
export type ExportOrgParams = Static<typeof ExportOrgParams>;

export const ExportStatisticsParams = Type.Object(
  { orgId: Id, asOf: Type.Optional(IsoDate) },
  { additionalProperties: false },
);
export type ExportStatisticsParams = Static<typeof ExportStatisticsParams>;
