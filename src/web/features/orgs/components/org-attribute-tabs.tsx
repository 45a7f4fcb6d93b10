import { Tabs } from 'antd';
import { Link } from 'react-router';
import type { Org } from '../../../../contract/orgs.js';
import { OrgAttributesForm } from './org-attributes-form.js';
import {
  ContactPointsPanel,
  NonPublicEntitiesPanel,
  PairingsPanel,
  RectificationsPanel,
} from './org-record-panels.js';
import { OrgTermsList } from './org-terms-list.js';

interface Props {
  org: Org;
  canWrite: boolean;
  /** The org itself changed (attributes saved, or a rectification moved its classification). */
  onChanged: () => void;
  onOpenOrg: (org: Org) => void;
}

/** The org's facts beyond the tree, one tab per kind; tabs mount lazily so only the open one loads. */
export function OrgAttributeTabs({ org, canWrite, onChanged, onOpenOrg }: Props) {
  const panel = { orgId: org.id, canWrite };
  return (
    <Tabs
      style={{ marginTop: 16 }}
      destroyOnHidden
      items={[
        {
          key: 'attributes',
          label: '组织信息',
          children: <OrgAttributesForm org={org} canWrite={canWrite} onSaved={onChanged} />,
        },
        {
          key: 'weakOrgRectifications',
          label: '软弱涣散整顿',
          children: <RectificationsPanel {...panel} onChanged={onChanged} />,
        },
        { key: 'contact-points', label: '领导联系点', children: <ContactPointsPanel {...panel} /> },
        { key: 'pairings', label: '结对共建', children: <PairingsPanel {...panel} /> },
        { key: 'non-public', label: '非公企业和社会组织', children: <NonPublicEntitiesPanel {...panel} /> },
        ...(org.level === 'branch'
          ? []
          : [
              {
                key: 'terms',
                label: '换届提醒',
                children: (
                  <>
                    <Link to={`/orgs/terms?orgId=${org.id}`} className="no-print">
                      在单独页面查看和打印
                    </Link>
                    <OrgTermsList orgId={org.id} onOpenOrg={onOpenOrg} />
                  </>
                ),
              },
            ]),
      ]}
    />
  );
}
