import { buildUrl } from '../../../lib/api-client.js';
import type { ImportKind } from '../../../../contract/imports.js';

// Downloads are plain links: the browser keeps the session cookie and names the file from the
// server's Content-Disposition.
export const templateUrl = (kind: ImportKind) => buildUrl(`/imports/templates/${kind}`);
export const memberRosterUrl = (orgId: number) => buildUrl('/exports/members', { orgId });
export const orgRosterUrl = (orgId: number) => buildUrl('/exports/orgs', { orgId });
export const statisticsUrl = (orgId: number, asOf: string) =>
  buildUrl('/exports/statistics', { orgId, asOf });
