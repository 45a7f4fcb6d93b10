import type { OrgDomain, OrgLevel } from '../../../domain/org-tree.js';
import type { OrgAttributes } from './attribute-types.js';

export interface Org extends OrgAttributes {
  id: number;
  parentId: number | null;
  /** Ancestor ids root first, ending with this org's id: "1.4.17". */
  path: string;
  name: string;
  level: OrgLevel;
  domain: OrgDomain | null;
  sortOrder: number;
  childCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface OrgSearchHit extends Org {
  /** Names from the root down to this org. */
  pathNames: string[];
}

export interface OrgDetail extends Org {
  ancestors: { id: number; name: string }[];
}
