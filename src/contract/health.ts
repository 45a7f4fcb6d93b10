import { Type, type Static } from 'typebox';

export const Health = Type.Object({
  status: Type.Literal('ok'),
  db: Type.Enum(['pglite', 'postgres']),
  version: Type.String(),
});
export type Health = Static<typeof Health>;

/** The meta tag of the served index.html whose content is this answer as JSON (the footer reads it). */
export const healthMetaName = 'shuping-health';
