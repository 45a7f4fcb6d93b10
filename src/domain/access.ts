import { isWithin } from './org-tree.js';

export const roles = ['admin', 'organizer', 'secretary', 'checker', 'viewer'] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  admin: '系统管理员',
  organizer: '组织部门/党委工作人员',
  secretary: '党组织书记',
  checker: '考核人员',
  viewer: '只读用户',
};

export const permissions = [
  'org.read',
  'org.write',
  'user.read',
  'user.write',
  'audit.read',
  'member.read',
  'member.write',
  'member.idCard',
  // 基本情况填报数据: the secretary knows the village's figures; the organizer the town's.
  'profile.write',
  // Uploading and deleting files; reading one needs only a session and the file's org in scope.
  'file.write',
  // Loading the demo county fills an empty system: admins only.
  'demo.load',
  // 台账: reading an org's work ledger (everyone who reads the org) and recording it (the
  // secretary for their own org; organizers below them).
  'ledger.read',
  'ledger.write',
  // 考核周期 and 考核方案: the running org's organizer sets them up; every role reads them.
  'cycle.write',
  // Reopening a closed cycle changes a published result: admins only, with a stated reason.
  'cycle.reopen',
  // 日常考核: entering a score on an indicator — the secretary's self-score of their own org, the
  // checker's score and the organizer's confirmation in their subtree (`scorerOf` says which).
  'routine.score',
  // 目标责任书: the organizer issues it (cycle.write); the org's own secretary signs for it.
  'targetLetter.acknowledge',
  // 抽查 findings: checkers and organizers record what they found on site, within their subtree.
  'spotCheck.write',
  // 述职报告: the secretary writes their own org's; organizers may write one for an org below them.
  // Reviewing is the cycle's organizer's (cycle.write).
  'report.write',
  // 整改 (问题清单): the organizer above an org files its problems, verifies and closes them (销号),
  // rejects, re-checks (回头看), extends and merges; the org's own users work on them (start, submit
  // evidence) and both keep the measures.
  'rectification.manage',
  'rectification.work',
] as const;
export type Permission = (typeof permissions)[number];

const grants: Record<Role, readonly Permission[]> = {
  admin: permissions,
  organizer: permissions.filter(
    (p) => p !== 'demo.load' && p !== 'cycle.reopen' && p !== 'targetLetter.acknowledge',
  ),
  // A secretary keeps the member roll and the yearly figures of their own org (their scope is that
  // org alone).
  secretary: [
    'org.read',
    'member.read',
    'member.write',
    'file.write',
    'profile.write',
    'ledger.read',
    'ledger.write',
    'routine.score',
    'targetLetter.acknowledge',
    'report.write',
    'rectification.work',
  ],
  // Checkers upload what they find on a spot check, record it, read the ledger they score from
  // and score.
  checker: ['org.read', 'member.read', 'file.write', 'ledger.read', 'routine.score', 'spotCheck.write'],
  viewer: ['org.read', 'member.read', 'ledger.read'],
};

export function can(role: Role, permission: Permission): boolean {
  return grants[role].includes(permission);
}

/**
 * What part of the org tree a user reaches. A secretary answers for one org only; everyone else
 * below admin for the subtree of the org they are bound to.
 */
export type Scope = { kind: 'all' } | { kind: 'subtree'; path: string } | { kind: 'self'; path: string };

export interface Principal {
  role: Role;
  orgPath: string | null;
}

export function scopeOf(principal: Principal): Scope {
  if (principal.role === 'admin') return { kind: 'all' };
  // A non-admin without an org reaches nothing; the schema forbids it, this keeps the rule total.
  const path = principal.orgPath ?? '\u0000';
  return principal.role === 'secretary' ? { kind: 'self', path } : { kind: 'subtree', path };
}

export function inScope(scope: Scope, path: string): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'self':
      return path === scope.path;
    case 'subtree':
      return isWithin(path, scope.path);
  }
}

/** The root of a subtree scope may be edited but not moved or deleted: that would let a user leave their own scope. */
export function isScopeRoot(scope: Scope, path: string): boolean {
  return scope.kind !== 'all' && scope.path === path;
}

/** Whoever manages users may hand out any role but admin, which only admins grant. */
export function canAssignRole(actor: Role, target: Role): boolean {
  if (!can(actor, 'user.write')) return false;
  return target !== 'admin' || actor === 'admin';
}

const rank: Record<Role, number> = { admin: 2, organizer: 1, secretary: 0, checker: 0, viewer: 0 };

/**
 * Whether `actor` may manage (edit, disable, reset, unlock) the account `target`, as it is or as it
 * is to become. Admins manage everyone. Anyone else who manages users reaches, within their own
 * subtree, accounts of a lower role, and accounts of any role but admin in orgs strictly below
 * their own: never a peer, who could otherwise be reset and taken over.
 */
export function canManageUser(actor: Principal, target: Principal): boolean {
  if (!can(actor.role, 'user.write')) return false;
  if (actor.role === 'admin') return true;
  if (target.role === 'admin' || !actor.orgPath || !target.orgPath) return false;
  if (!isWithin(target.orgPath, actor.orgPath)) return false;
  return rank[target.role] < rank[actor.role] || target.orgPath !== actor.orgPath;
}

/** Admin accounts are system-wide; every other account must be bound to an org. */
export function roleNeedsOrg(role: Role): boolean {
  return role !== 'admin';
}
