import type { StatMember, StatOrg } from '../../src/domain/statistics.js';

/** Rows for the statistics' reference implementation: what a test leaves out is empty. */
export const statOrg = (o: Partial<StatOrg> & Pick<StatOrg, 'id' | 'path' | 'name' | 'level'>): StatOrg => ({
  domain: null,
  foundedOn: null,
  dissolvedOn: null,
  termEndsOn: null,
  classification: null,
  hasServiceCenter: false,
  hasRemoteEducationSite: false,
  ...o,
});

export const statMember = (m: Partial<StatMember> & Pick<StatMember, 'id' | 'orgId'>): StatMember => ({
  gender: 'male',
  birthDate: null,
  education: null,
  appliedOn: null,
  activistOn: null,
  candidateOn: null,
  probationaryOn: null,
  fullOn: null,
  branchRole: null,
  villageCommitteeRole: null,
  isTownLeader: false,
  isCollegeGradOfficial: false,
  isResidentCadre: false,
  isFirstSecretary: false,
  leftOn: null,
  ...m,
});
