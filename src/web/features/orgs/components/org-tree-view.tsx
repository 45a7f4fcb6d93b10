import { Tag, Tree, type GetRef, type TreeDataNode } from 'antd';
import { orgLevelLabels } from '../../../../domain/org-tree.js';
import type { OrgTreeState } from '../hooks/use-org-tree.js';
import type { Org } from '../../../../contract/orgs.js';

interface OrgTreeNode extends TreeDataNode {
  org: Org;
  children?: OrgTreeNode[];
}

function build(ids: number[], state: OrgTreeState): OrgTreeNode[] {
  const out: OrgTreeNode[] = [];
  for (const id of ids) {
    const org = state.nodes[id];
    if (!org) continue;
    const kids = state.children[id];
    out.push({
      key: String(id),
      title: org.name,
      org,
      isLeaf: org.childCount === 0 && (!kids || kids.length === 0),
      children: kids ? build(kids, state) : undefined,
    });
  }
  return out;
}

interface Props {
  state: OrgTreeState;
  expandedKeys: string[];
  onExpandedKeysChange: (keys: string[]) => void;
  selectedId: number | null;
  onSelect: (org: Org) => void;
  loadChildren: (id: number) => Promise<void>;
  height: number;
  treeRef?: React.Ref<TreeRef>;
}

/** The tree's handle; used to scroll a revealed org into view. */
export type TreeRef = GetRef<typeof Tree>;

/** The lazily loaded org tree (virtual scrolling, so long child lists stay fast). */
export function OrgTreeView({
  state,
  expandedKeys,
  onExpandedKeysChange,
  selectedId,
  onSelect,
  loadChildren,
  height,
  treeRef,
}: Props) {
  const treeData = build(state.roots ?? [], state);
  const loadedKeys = Object.keys(state.children);

  return (
    <Tree<OrgTreeNode>
      ref={treeRef}
      data-testid="org-tree"
      aria-label="组织树"
      blockNode
      showLine={{ showLeafIcon: false }}
      height={height}
      treeData={treeData}
      loadedKeys={loadedKeys}
      expandedKeys={expandedKeys}
      selectedKeys={selectedId === null ? [] : [String(selectedId)]}
      onExpand={(keys) => onExpandedKeysChange(keys.map(String))}
      loadData={(node) => loadChildren(Number(node.key))}
      onSelect={(_, info) => {
        // Clicking the selected node again keeps it selected instead of clearing the detail panel.
        onSelect(info.node.org);
      }}
      titleRender={(node) => (
        <span className="org-tree-node" data-org-id={node.org.id}>
          <span>{node.org.name}</span>
          <Tag>{orgLevelLabels[node.org.level]}</Tag>
        </span>
      )}
    />
  );
}
