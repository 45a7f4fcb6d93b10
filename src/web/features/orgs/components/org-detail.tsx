import { DeleteOutlined, DragOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Popconfirm,
  Skeleton,
  Space,
  Tooltip,
} from 'antd';
import { useState } from 'react';
import { orgDomainLabels, orgLevelLabels } from '../../../../domain/org-tree.js';
import { errorText } from '../../../lib/api-client.js';
import { formatDateTime } from '../../../lib/format.js';
import { useErrorMessage } from '../../../lib/use-error-message.js';
import { useQuery } from '../../../lib/use-query.js';
import { deleteOrg } from '../api/delete-org.js';
import { getOrg } from '../api/get-org.js';
import type { Org, OrgDetail as OrgDetailData } from '../../../../contract/orgs.js';
import { OrgAttributeTabs } from './org-attribute-tabs.js';

interface Props {
  orgId: number;
  /** Bumped by the page after an edit so the panel reloads. */
  revision: number;
  canWrite: boolean;
  /** Scope roots of non-admins may be edited but not moved or deleted. */
  isScopeRoot: boolean;
  onAddChild: (org: Org) => void;
  onEdit: (org: Org) => void;
  onMove: (org: Org) => void;
  onDeleted: (org: Org) => void;
  onOpenAncestor: (ancestor: { id: number; path: string }) => void;
}

function ancestorPath(detail: OrgDetailData, index: number): string {
  // Path ids run root first and end with the org itself; ancestors line up with the leading ones.
  const ids = detail.path.split('.');
  const offset = ids.length - 1 - detail.ancestors.length;
  return ids.slice(0, offset + index + 1).join('.');
}

export function OrgDetail(props: Props) {
  const { orgId, revision, canWrite, isScopeRoot } = props;
  const { message } = App.useApp();
  const showError = useErrorMessage();
  const [deleting, setDeleting] = useState(false);
  // Saving attributes or a rectification changes the org itself: reload it without involving the page.
  const [ownRevision, setOwnRevision] = useState(0);
  const { data, error, loading } = useQuery(`org:${orgId}:${revision}:${ownRevision}`, (signal) =>
    getOrg(orgId, signal),
  );
  const detail = data && data.id === orgId ? data : undefined;

  async function onDelete(org: Org) {
    setDeleting(true);
    try {
      await deleteOrg(org.id);
      void message.success(`已删除「${org.name}」`);
      props.onDeleted(org);
    } catch (err) {
      showError(err);
    } finally {
      setDeleting(false);
    }
  }

  if (error && !detail) {
    return (
      <Card title="组织详情" data-testid="org-detail">
        <Alert type="error" showIcon title={errorText(error)} />
      </Card>
    );
  }
  if (!detail) {
    return (
      <Card title="组织详情" data-testid="org-detail">
        <Skeleton active />
      </Card>
    );
  }

  const rootTip = '这是您管辖范围的根组织，不能移动或删除';
  const actions = canWrite && (
    <Space wrap className="no-print">
      <Button type="primary" icon={<PlusOutlined />} onClick={() => props.onAddChild(detail)}>
        新增下级组织
      </Button>
      <Button icon={<EditOutlined />} onClick={() => props.onEdit(detail)}>
        编辑
      </Button>
      <Tooltip title={isScopeRoot ? rootTip : undefined}>
        <Button icon={<DragOutlined />} disabled={isScopeRoot} onClick={() => props.onMove(detail)}>
          移动
        </Button>
      </Tooltip>
      <Popconfirm
        title={`删除「${detail.name}」？`}
        description={
          detail.childCount > 0
            ? '该组织还有下级组织，需先删除或移走下级组织。'
            : '删除后不可恢复；仍有用户的组织不能删除。'
        }
        okText="删除"
        cancelText="取消"
        okButtonProps={{ danger: true, loading: deleting }}
        onConfirm={() => onDelete(detail)}
        disabled={isScopeRoot}
      >
        <Tooltip title={isScopeRoot ? rootTip : undefined}>
          <Button danger icon={<DeleteOutlined />} disabled={isScopeRoot} loading={deleting}>
            删除
          </Button>
        </Tooltip>
      </Popconfirm>
    </Space>
  );

  return (
    <Card
      title={detail.name}
      data-testid="org-detail"
      extra={loading ? <Skeleton.Button active size="small" /> : undefined}
    >
      {detail.ancestors.length > 0 && (
        <Breadcrumb
          style={{ marginBottom: 16 }}
          aria-label="组织位置"
          items={[
            ...detail.ancestors.map((a, index) => ({
              key: a.id,
              title: (
                <a
                  href={`#org-${a.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    props.onOpenAncestor({ id: a.id, path: ancestorPath(detail, index) });
                  }}
                >
                  {a.name}
                </a>
              ),
            })),
            { key: detail.id, title: detail.name },
          ]}
        />
      )}
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 1, md: 2 }}
        items={[
          { key: 'name', label: '组织名称', children: detail.name, span: { xs: 1, sm: 1, md: 2 } },
          { key: 'level', label: '组织层级', children: orgLevelLabels[detail.level] },
          {
            key: 'domain',
            label: '所属领域',
            children: detail.domain ? orgDomainLabels[detail.domain] : '—',
          },
          { key: 'children', label: '下级组织数', children: detail.childCount },
          { key: 'sort', label: '排序号', children: detail.sortOrder },
          {
            key: 'path',
            label: '所在位置',
            span: { xs: 1, sm: 1, md: 2 },
            children: [...detail.ancestors.map((a) => a.name), detail.name].join(' / '),
          },
          { key: 'created', label: '创建时间', children: formatDateTime(detail.createdAt) },
          { key: 'updated', label: '更新时间', children: formatDateTime(detail.updatedAt) },
        ]}
      />
      {actions && <div style={{ marginTop: 16 }}>{actions}</div>}
      <OrgAttributeTabs
        org={detail}
        canWrite={canWrite}
        onChanged={() => setOwnRevision((v) => v + 1)}
        onOpenOrg={(org) => props.onOpenAncestor({ id: org.id, path: org.path })}
      />
    </Card>
  );
}
