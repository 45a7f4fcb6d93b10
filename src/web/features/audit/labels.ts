import { roleLabels, type Role } from '../../../domain/access.js';
import { orgDomainLabels, orgLevelLabels, type OrgDomain, type OrgLevel } from '../../../domain/org-tree.js';
import { formatDateTime } from '../../lib/format.js';
import type { AuditAction, AuditEntityType } from '../../../contract/audit.js';

/** The kinds the log can be filtered by; entries of other kinds show their identifier. */
export const filterableEntityTypes = ['org', 'user', 'session'] as const satisfies readonly AuditEntityType[];

export const entityTypeLabels: Record<(typeof filterableEntityTypes)[number], string> = {
  org: '党组织',
  user: '用户',
  session: '登录会话',
};

export const actionLabels: Record<AuditAction, string> = {
  create: '新建',
  update: '修改',
  delete: '删除',
  move: '移动',
  'transfer.out': '转出',
  'idCard.probe': '身份证号码重复探查',
  login: '登录',
  logout: '退出登录',
  'password.change': '修改密码',
  'password.reset': '重置密码',
  'login.unlock': '解除登录锁定',
};

export const actionColors: Record<AuditAction, string> = {
  create: 'green',
  update: 'blue',
  delete: 'red',
  move: 'purple',
  'transfer.out': 'geekblue',
  'idCard.probe': 'magenta',
  login: 'cyan',
  logout: 'default',
  'password.change': 'orange',
  'password.reset': 'volcano',
  'login.unlock': 'gold',
};

export function label<K extends string>(labels: Record<K, string>, key: string): string {
  return (labels as Record<string, string>)[key] ?? key;
}

/** Chinese names of the fields that appear in before/after snapshots. */
export const fieldLabels: Record<string, string> = {
  clearedCounters: '解除的锁定计数',
  id: '编号',
  name: '名称',
  level: '组织层级',
  domain: '所属领域',
  sortOrder: '排序号',
  parentId: '上级组织编号',
  path: '路径',
  childCount: '下级组织数',
  username: '用户名',
  displayName: '姓名',
  role: '角色',
  orgId: '所属组织编号',
  orgName: '所属组织',
  disabled: '已停用',
  mustChangePassword: '需修改密码',
  createdAt: '创建时间',
  updatedAt: '更新时间',
  lastLoginAt: '最近登录',
  reason: '原因',
  userAgent: '浏览器',
  via: '来源',
  transferredOn: '转接日期',
};

const timeFields = new Set(['createdAt', 'updatedAt', 'lastLoginAt', 'at']);

export function formatFieldValue(field: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string') {
    if (field === 'level') return orgLevelLabels[value as OrgLevel] ?? value;
    if (field === 'domain') return orgDomainLabels[value as OrgDomain] ?? value;
    if (field === 'role') return roleLabels[value as Role] ?? value;
    if (timeFields.has(field)) return formatDateTime(value);
    return value;
  }
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value, null, 2);
}
