import { describe, expect, it } from 'vitest';
import {
  digestCounts,
  digestText,
  dueHorizon,
  mustWork,
  reminderText,
  urgency,
} from '../../src/domain/rectification/chasing.js';

describe('rectification chasing', () => {
  const today = '2026-06-15';

  it('calls a deadline overdue once past, due soon within seven days, otherwise nothing', () => {
    expect(dueHorizon(today)).toBe('2026-06-22');
    expect(urgency('2026-06-14', today)).toBe('overdue');
    expect(urgency('2026-06-15', today)).toBe('dueSoon');
    expect(urgency('2026-06-22', today)).toBe('dueSoon');
    expect(urgency('2026-06-23', today)).toBeNull();
    // Across a month's end.
    expect(urgency('2026-07-03', '2026-06-28')).toBe('dueSoon');
  });

  it('counts and words the digest, leaving out what is zero', () => {
    const counts = digestCounts(
      ['2026-06-01', '2026-06-14', '2026-06-16', '2026-06-20', '2026-06-21', '2026-09-01'],
      today,
    );
    expect(counts).toEqual({ dueSoon: 3, overdue: 2 });
    expect(digestText(counts)).toBe('3 项整改 7 日内到期，2 项已逾期');
    expect(digestText({ dueSoon: 1, overdue: 0 })).toBe('1 项整改 7 日内到期');
    expect(digestText({ dueSoon: 0, overdue: 4 })).toBe('4 项整改已逾期');
    expect(digestText(digestCounts(['2026-09-01'], today))).toBeNull();
  });

  it('chases the org’s own working users and measure owners, only within their scope', () => {
    const item = { orgPath: 'c.t.v', ownerUserIds: [7] };
    expect(mustWork({ id: 1, role: 'secretary', orgPath: 'c.t.v' }, item)).toBe(true);
    // A viewer of the org does not work on rectification.
    expect(mustWork({ id: 2, role: 'viewer', orgPath: 'c.t.v' }, item)).toBe(false);
    // The organizer above is chased by the verification queue, not as a worker.
    expect(mustWork({ id: 3, role: 'organizer', orgPath: 'c.t' }, item)).toBe(false);
    expect(mustWork({ id: 7, role: 'organizer', orgPath: 'c.t' }, item)).toBe(true);
    // An owner who cannot open the item (another village's secretary) is not chased about it.
    expect(mustWork({ id: 7, role: 'secretary', orgPath: 'c.t.w' }, item)).toBe(false);
    expect(mustWork({ id: 7, role: 'admin', orgPath: null }, item)).toBe(true);
  });

  it('words a reminder with its sender, a short subject and the message', () => {
    expect(reminderText('张三', '三会一课落实不到位', null)).toBe('张三催办整改问题“三会一课落实不到位”');
    expect(reminderText('张三', '问'.repeat(50), '请本周内提交')).toBe(
      `张三催办整改问题“${'问'.repeat(40)}…”：请本周内提交`,
    );
  });
});
