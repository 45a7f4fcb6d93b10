import { api } from '../../../shared/api-client.js';
import type { ReportReminderList } from '../../../../contract/reports.js';

/** The 述职报告 reminders addressed to the reader's own org, latest per cycle not yet submitted. */
export function listReportReminders(signal?: AbortSignal): Promise<ReportReminderList> {
  return api.get<ReportReminderList>('/reports/reminders', { signal });
}
