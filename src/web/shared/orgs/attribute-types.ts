import type { OrgClassification, TermStatus } from '../../../domain/member-base.js';

/** The facts of an org beyond its place in the tree, as every org answer of the API carries them. */
export interface OrgAttributes {
  secretaryName: string | null;
  deputySecretaryName: string | null;
  foundedOn: string | null;
  dissolvedOn: string | null;
  termStartedOn: string | null;
  termEndsOn: string | null;
  /** Computed by the server for today: null when no term end is recorded. */
  termStatus: TermStatus | null;
  classification: OrgClassification | null;
  hasServiceCenter: boolean;
  hasRemoteEducationSite: boolean;
}

export type OrgAttributesInput = Partial<Omit<OrgAttributes, 'termStatus'>>;

/** The sub-resources under /api/orgs/:id/…, each a list of items of its own shape. */
export type OrgItemSegment = 'rectifications' | 'contact-points' | 'pairings' | 'non-public-entities';

export interface OrgItem {
  id: number;
  orgId: number;
  createdAt: string;
}

export interface Rectification extends OrgItem {
  flaggedOn: string;
  reasons: string;
  measures: string | null;
  transformedOn: string | null;
  updatedAt: string;
}

export interface ContactPoint extends OrgItem {
  leaderName: string;
  leaderTitle: string | null;
  startedOn: string | null;
  endedOn: string | null;
}

export interface Pairing extends OrgItem {
  partnerOrgId: number | null;
  partnerName: string;
  content: string | null;
  startedOn: string | null;
  endedOn: string | null;
}

export type NonPublicKind = 'privateEnterprise' | 'socialOrg';
export const nonPublicKindLabels: Record<NonPublicKind, string> = {
  privateEnterprise: '非公企业',
  socialOrg: '社会组织',
};

export interface NonPublicEntity extends OrgItem {
  name: string;
  kind: NonPublicKind;
  employees: number;
  partyMembers: number;
  shouldEstablish: boolean;
  ownOrgId: number | null;
  coveredByOrgId: number | null;
  hasInstructor: boolean;
  updatedAt: string;
}
