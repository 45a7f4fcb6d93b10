import { Type, type Static } from 'typebox';

/** What POST /api/demo answers once the demo county is in. */
export const DemoLoadResult = Type.Object({
  rootId: Type.Integer({ description: '演示县县委的组织 id' }),
  rootName: Type.String(),
  orgs: Type.Integer({ minimum: 0 }),
  members: Type.Integer({ minimum: 0 }),
});
export type DemoLoadResult = Static<typeof DemoLoadResult>;
