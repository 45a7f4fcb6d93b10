import { buildUrl } from '../../../shared/api-client.js';

// Downloads are plain links: the browser keeps the session cookie and names the file from the
// server's Content-Disposition.
export const orgRosterUrl = (orgId: number) => buildUrl('/exports/orgs', { orgId });
export const statisticsUrl = (orgId: number, asOf: string) =>
  buildUrl('/exports/statistics', { orgId, asOf });
