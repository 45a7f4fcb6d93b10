// Org paths are ltree-style strings of ancestor ids, root first: "1.4.17".

export const orgLevels = ['county', 'committee', 'workCommittee', 'generalBranch', 'branch'] as const;
export type OrgLevel = (typeof orgLevels)[number];

export const orgDomains = [
  'village',
  'community',
  'government',
  'institution',
  'stateEnterprise',
  'privateEnterprise',
  'socialOrg',
  'industry',
  'mobile',
] as const;
export type OrgDomain = (typeof orgDomains)[number];

/** The kinds of 非公企业和社会组织 an org's area records: the two non-public domains. */
export const nonPublicKinds = ['privateEnterprise', 'socialOrg'] as const satisfies readonly OrgDomain[];
export type NonPublicKind = (typeof nonPublicKinds)[number];

export const orgLevelLabels: Record<OrgLevel, string> = {
  county: '县委',
  committee: '党委',
  workCommittee: '党工委',
  generalBranch: '党总支',
  branch: '党支部',
};

export const orgDomainLabels: Record<OrgDomain, string> = {
  village: '农村',
  community: '社区',
  government: '机关',
  institution: '事业单位',
  stateEnterprise: '国企',
  privateEnterprise: '非公企业',
  socialOrg: '社会组织',
  industry: '产业',
  mobile: '流动',
};

/** True when `path` is `ancestor` itself or lies below it. */
export function isWithin(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(ancestor + '.');
}

/**
 * The end of `path`'s subtree in ltree's order (label by label, bytes compared and then the shorter
 * label first; a path before its extensions): the paths within the subtree, and only they, sort
 * from `path` itself up to this one, exclusive, because labels are ids, digits only. A btree index
 * on a path column then reads a subtree as one range.
 */
export function subtreeEnd(path: string): string {
  return `${path}0`;
}

export function childPath(parentPath: string | null, id: number): string {
  return parentPath ? `${parentPath}.${id}` : String(id);
}

export function parentPathOf(path: string): string | null {
  const cut = path.lastIndexOf('.');
  return cut < 0 ? null : path.slice(0, cut);
}

/** The path a node gets when its subtree is moved under `newParentPath`. */
export function rebasePath(path: string, oldRoot: string, newRootParent: string | null): string {
  const ownLabel = oldRoot.slice(oldRoot.lastIndexOf('.') + 1);
  const newRoot = newRootParent ? `${newRootParent}.${ownLabel}` : ownLabel;
  return newRoot + path.slice(oldRoot.length);
}

const levelDepth: Record<OrgLevel, number> = {
  county: 0,
  committee: 1,
  workCommittee: 1,
  generalBranch: 2,
  branch: 3,
};

/**
 * Why an org of `childLevel` cannot sit under one of `parentLevel` (null parent: a top-level org),
 * in Chinese, or null when the placement is allowed. A branch is the base unit and has no children;
 * nothing sits above a level it outranks.
 */
export function placementProblem(parentLevel: OrgLevel | null, childLevel: OrgLevel): string | null {
  if (parentLevel === null) return null;
  if (parentLevel === 'branch') return '党支部是基层单位，不能再设下级组织';
  if (levelDepth[childLevel] < levelDepth[parentLevel]) {
    return `${orgLevelLabels[childLevel]}不能设在${orgLevelLabels[parentLevel]}之下`;
  }
  return null;
}

export interface OrgDates {
  foundedOn: string | null;
  dissolvedOn: string | null;
  termStartedOn: string | null;
  termEndsOn: string | null;
}

/** Why an org's dates do not fit together on `today` (Chinese, under the field at fault), or null. */
export function orgDatesProblem(
  o: OrgDates,
  today: string,
): { field: keyof OrgDates; message: string } | null {
  if (o.foundedOn && o.foundedOn > today) return { field: 'foundedOn', message: '成立日期不能晚于今天' };
  if (o.dissolvedOn && o.dissolvedOn > today)
    return { field: 'dissolvedOn', message: '撤销日期不能晚于今天' };
  if (o.foundedOn && o.dissolvedOn && o.dissolvedOn < o.foundedOn)
    return { field: 'dissolvedOn', message: '撤销日期不能早于成立日期' };
  if (o.termStartedOn && o.termEndsOn && o.termEndsOn < o.termStartedOn)
    return { field: 'termEndsOn', message: '任期届满日期不能早于任期开始日期' };
  if (o.foundedOn && o.termStartedOn && o.termStartedOn < o.foundedOn)
    return { field: 'termStartedOn', message: '任期开始日期不能早于成立日期' };
  return null;
}
