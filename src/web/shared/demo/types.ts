/** What POST /api/demo answers once the demo county is in. */
export interface DemoLoadResult {
  rootId: number;
  rootName: string;
  orgs: number;
  members: number;
}
