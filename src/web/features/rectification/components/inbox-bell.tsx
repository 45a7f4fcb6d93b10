import { BellOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button } from 'antd';
import { useNavigate } from 'react-router';
import { inboxKeys } from '../../../shared/query-keys.js';
import { getInboxCount } from '../api/inbox.js';

/** The header's bell: 待办 plus unread 消息, refreshed every minute and after every write that touches them. */
export function InboxBell() {
  const navigate = useNavigate();
  // The last count stays on screen while the next one loads, so the badge never blinks out.
  const { data } = useQuery({
    queryKey: inboxKeys.count(),
    queryFn: ({ signal }) => getInboxCount(signal),
    refetchInterval: 60_000,
    // Seeded by /auth/me when the app starts: fresh until the next minute's refetch.
    staleTime: 60_000,
  });
  const count = data?.count ?? 0;
  return (
    <Badge count={count} overflowCount={99} size="small" offset={[-6, 6]} data-testid="inbox-badge">
      <Button
        type="text"
        className="header-icon-button"
        icon={<BellOutlined />}
        aria-label={count > 0 ? `待办和消息（${count}）` : '待办和消息'}
        data-testid="inbox-bell"
        onClick={() => void navigate('/inbox')}
      />
    </Badge>
  );
}
