import {
  ApartmentOutlined,
  AuditOutlined,
  BookOutlined,
  CarryOutOutlined,
  DashboardOutlined,
  FileExcelOutlined,
  IdcardOutlined,
  RiseOutlined,
  SolutionOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Permission } from '../../../domain/access.js';

export interface NavItem {
  path: string;
  label: string;
  icon: ReactNode;
  permission: Permission;
}

/** The main menu; each entry shows only for roles holding its permission. */
export const navItems: NavItem[] = [
  { path: '/dashboard', label: '数据看板', icon: <DashboardOutlined />, permission: 'org.read' },
  { path: '/orgs', label: '组织架构', icon: <ApartmentOutlined />, permission: 'org.read' },
  { path: '/members', label: '党员管理', icon: <IdcardOutlined />, permission: 'member.read' },
  { path: '/ledger', label: '工作台账', icon: <BookOutlined />, permission: 'ledger.read' },
  { path: '/pipeline', label: '发展党员', icon: <RiseOutlined />, permission: 'member.read' },
  // Every role: secretaries read the cycles they report in, organizers run them.
  { path: '/cycles', label: '考核周期', icon: <CarryOutOutlined />, permission: 'org.read' },
  // Every role: secretaries work on their org's items, organizers verify those below.
  { path: '/problems', label: '问题整改', icon: <SolutionOutlined />, permission: 'org.read' },
  { path: '/data', label: '数据导入导出', icon: <FileExcelOutlined />, permission: 'member.read' },
  { path: '/users', label: '用户管理', icon: <TeamOutlined />, permission: 'user.write' },
  { path: '/audit', label: '审计日志', icon: <AuditOutlined />, permission: 'audit.read' },
];
