import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Empty, Grid, Row, Skeleton, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { skipToken, useQuery } from '@tanstack/react-query';
import { orgKeys } from '../../../shared/query-keys.js';
import { getOrg } from '../../../shared/orgs/get-org.js';
import { errorText } from '../../../shared/api-client.js';
import { useErrorMessage } from '../../../shared/use-error-message.js';
import { useWindowHeight } from '../../../shared/use-window-height.js';
import { useCurrentUser } from '../../../shared/session/auth-context.js';
import { can } from '../../../../domain/access.js';
import { LoadDemoButton } from '../../../shared/demo/load-demo-button.js';
import { MoveOrgModal } from '../components/move-org-modal.js';
import { OrgDetail } from '../components/org-detail.js';
import { OrgFormModal, type OrgFormMode } from '../components/org-form-modal.js';
import { OrgPicker } from '../../../shared/orgs/org-picker.js';
import { OrgTreeView, type TreeRef } from '../components/org-tree-view.js';
import { useOrgTree } from '../hooks/use-org-tree.js';
import type { Org } from '../../../../contract/orgs.js';

export function OrgsPage() {
  const user = useCurrentUser();
  const { message } = App.useApp();
  const showError = useErrorMessage();
  const canWrite = can(user.role, 'org.write');
  const isAdmin = user.role === 'admin';
  const tree = useOrgTree();
  const { state, loadRoots, ensureChildren } = tree;

  const [expandedKeys, setExpandedKeys] = useState<string[]>([]);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [formMode, setFormMode] = useState<OrgFormMode | null>(null);
  const [moveOpen, setMoveOpen] = useState(false);
  const [moving, setMoving] = useState<Org | null>(null);
  const treeRef = useRef<TreeRef>(null);
  const detailRef = useRef<HTMLDivElement>(null);
  const screens = Grid.useBreakpoint();
  const isNarrow = screens.lg === false;
  const windowHeight = useWindowHeight();
  const treeHeight = isNarrow
    ? Math.max(240, Math.round(windowHeight * 0.45))
    : Math.max(320, windowHeight - 300);

  useEffect(() => {
    void loadRoots();
  }, [loadRoots]);

  // A link may name the org to open (a warning's 换届 reminder): it is revealed in the tree once
  // the roots are there; otherwise, or when it cannot be read, the first root is selected, so the
  // detail panel is never empty without reason.
  const [searchParams] = useSearchParams();
  const linkedId = Number(searchParams.get('orgId')) || null;
  const linked = useQuery({
    queryKey: orgKeys.detail(linkedId ?? 0),
    queryFn: linkedId ? ({ signal }) => getOrg(linkedId, signal) : skipToken,
  });
  const firstRoot = state.roots?.[0] ?? null;
  const [autoSelected, setAutoSelected] = useState(false);
  const linkPending = linkedId !== null && linked.isPending && !linked.error;
  if (!autoSelected && firstRoot !== null && selectedId === null && !linkPending && !linked.data) {
    setAutoSelected(true);
    setSelectedId(firstRoot);
  }
  const linkedOrg = linked.data;
  const revealedLink = useRef<number | null>(null);
  useEffect(() => {
    if (!linkedOrg || state.roots === null || revealedLink.current === linkedOrg.id) return;
    revealedLink.current = linkedOrg.id;
    void reveal(linkedOrg);
    // reveal reads the roots it runs with; it runs once per linked org.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [linkedOrg, state.roots]);

  function select(id: number, scroll: boolean) {
    setSelectedId(id);
    if (scroll && isNarrow) {
      requestAnimationFrame(() => detailRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }));
    }
  }

  /** Opens the tree down to an org given by its path (ids root first), then selects it. */
  async function reveal(target: { id: number; path: string }) {
    const ids = target.path.split('.').map(Number);
    const roots = state.roots ?? [];
    const start = ids.findIndex((id) => roots.includes(id));
    const chain = start < 0 ? [] : ids.slice(start, -1);
    try {
      for (const id of chain) await ensureChildren(id);
    } catch (err) {
      showError(err);
    }
    setExpandedKeys((keys) => [...new Set([...keys, ...chain.map(String)])]);
    select(target.id, false);
    requestAnimationFrame(() => treeRef.current?.scrollTo({ key: String(target.id), align: 'auto' }));
  }

  function openCreate(parent: Org | null) {
    setFormMode({ kind: 'create', parent });
    setFormOpen(true);
  }

  function onSaved(org: Org, mode: OrgFormMode) {
    setFormOpen(false);
    if (mode.kind === 'edit') {
      tree.upsert(org);
      void message.success('已保存');
      return;
    }
    tree.added(org);
    if (org.parentId !== null) {
      const parentKey = String(org.parentId);
      void ensureChildren(org.parentId).then(() =>
        setExpandedKeys((keys) => (keys.includes(parentKey) ? keys : [...keys, parentKey])),
      );
    }
    select(org.id, false);
    requestAnimationFrame(() => treeRef.current?.scrollTo({ key: String(org.id), align: 'auto' }));
    void message.success(`已创建「${org.name}」`);
  }

  function onMoved(org: Org, oldParentId: number | null) {
    setMoveOpen(false);
    tree.moved(org, oldParentId);
    void message.success(`已将「${org.name}」移动到新的上级组织`);
    void reveal(org);
  }

  function onDeleted(org: Org) {
    tree.removed(org);
    setSelectedId(org.parentId);
  }

  const roots = state.roots;
  const isScopeRoot = !isAdmin && selectedId !== null && (roots ?? []).includes(selectedId);

  let treeBody: React.ReactNode;
  if (tree.rootError) {
    treeBody = (
      <Alert
        type="error"
        showIcon
        title={errorText(tree.rootError)}
        action={
          <Button size="small" onClick={() => void loadRoots()}>
            重试
          </Button>
        }
      />
    );
  } else if (roots === null) {
    treeBody = <Skeleton active paragraph={{ rows: 6 }} />;
  } else if (roots.length === 0) {
    treeBody = (
      <Empty
        data-testid="org-empty"
        description={
          isAdmin
            ? '还没有任何党组织，请先新建顶级组织（如县委）。'
            : '您的账号尚未关联党组织，请联系管理员。'
        }
      >
        {isAdmin && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => openCreate(null)}>
            新建顶级组织
          </Button>
        )}
        {isAdmin && <LoadDemoButton style={{ marginInlineStart: 8 }} />}
      </Empty>
    );
  } else {
    treeBody = (
      <OrgTreeView
        treeRef={treeRef}
        state={state}
        expandedKeys={expandedKeys}
        onExpandedKeysChange={setExpandedKeys}
        selectedId={selectedId}
        onSelect={(org) => select(org.id, true)}
        loadChildren={(id) =>
          ensureChildren(id).catch((err: unknown) => {
            // Collapse the node again, so a failed load is not retried in a loop; expanding retries.
            showError(err);
            setExpandedKeys((keys) => keys.filter((key) => key !== String(id)));
            throw err;
          })
        }
        height={treeHeight}
      />
    );
  }

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10} xl={9}>
        <Card
          title="组织架构"
          extra={
            isAdmin &&
            roots !== null &&
            roots.length > 0 && (
              <Button
                size="small"
                icon={<PlusOutlined />}
                onClick={() => openCreate(null)}
                className="no-print"
              >
                新建顶级组织
              </Button>
            )
          }
          styles={{ body: { paddingTop: 12 } }}
        >
          {roots !== null && roots.length > 0 && (
            <div className="no-print" style={{ marginBottom: 12 }}>
              <OrgPicker
                aria-label="搜索组织"
                data-testid="org-search"
                placeholder="搜索组织名称，回车或点击定位"
                value={null}
                allowClear={false}
                onChange={(_, hit) => {
                  if (hit) void reveal(hit);
                }}
              />
            </div>
          )}
          {treeBody}
        </Card>
      </Col>
      <Col xs={24} lg={14} xl={15} ref={detailRef}>
        {selectedId !== null ? (
          <OrgDetail
            orgId={selectedId}
            canWrite={canWrite}
            isScopeRoot={isScopeRoot}
            onAddChild={(org) => openCreate(org)}
            onEdit={(org) => {
              setFormMode({ kind: 'edit', org });
              setFormOpen(true);
            }}
            onMove={(org) => {
              setMoving(org);
              setMoveOpen(true);
            }}
            onDeleted={onDeleted}
            onOpenAncestor={(a) => void reveal(a)}
          />
        ) : (
          <Card title="组织详情" data-testid="org-detail">
            <Typography.Text type="secondary">在左侧选择一个组织查看详情。</Typography.Text>
          </Card>
        )}
      </Col>
      <OrgFormModal open={formOpen} mode={formMode} onClose={() => setFormOpen(false)} onSaved={onSaved} />
      <MoveOrgModal open={moveOpen} org={moving} onClose={() => setMoveOpen(false)} onMoved={onMoved} />
    </Row>
  );
}
