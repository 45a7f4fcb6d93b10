import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import type { MeetingTurnoutEvent } from '../../../../contract/events.js';
import { subscribeEvents } from '../../../shared/events.js';
import { getTurnout, liveKeys } from './api.js';

/**
 * A meeting's turnout as it stands: read whenever the event stream (re)opens, then as the server
 * pushes it. When the stream could not replay what it missed (`refresh`), everything the page shows
 * is read again.
 */
export function useLiveTurnout(id: number) {
  const queryClient = useQueryClient();
  const read = useQuery({ queryKey: liveKeys.turnout(id), queryFn: ({ signal }) => getTurnout(id, signal) });
  const [pushed, setPushed] = useState<{ data: MeetingTurnoutEvent; at: number } | null>(null);
  const reread = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: liveKeys.all(id) }),
    [id, queryClient],
  );

  useEffect(
    () =>
      subscribeEvents(
        {
          'meeting.turnout': (data) => {
            if (data.meetingId === id) setPushed({ data, at: Date.now() });
          },
          refresh: () => reread(),
        },
        { onOpen: () => reread() },
      ),
    [id, reread],
  );

  // Whichever arrived last: a read answered after the stream opened holds every change before it.
  const turnout = pushed && pushed.at >= read.dataUpdatedAt ? pushed.data : read.data;
  return { turnout, error: read.error };
}
