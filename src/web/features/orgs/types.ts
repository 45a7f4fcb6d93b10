import type { OrgDomain, OrgLevel } from '../../../domain/org-tree.js';
export type { Org, OrgDetail, OrgSearchHit } from '../../shared/orgs/types.js';

export interface CreateOrgInput {
  parentId: number | null;
  name: string;
  level: OrgLevel;
  domain?: OrgDomain | null;
  sortOrder?: number;
}

export type UpdateOrgInput = Partial<{
  name: string;
  level: OrgLevel;
  domain: OrgDomain | null;
  sortOrder: number;
}>;
