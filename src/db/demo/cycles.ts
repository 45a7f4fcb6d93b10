// This year's assessment cycles of the demo county, already open: the county hears its towns (and
// county-level units), each town its village and community branches — the reporting sets that
// `defaultReportingRule` gives a new cycle — each with the default schemes its set needs. Pure; the
// demo loader writes what it returns, in the same transaction as the tree.
import {
  audienceOfLevel,
  audiencesOfRule,
  cyclePeriod,
  defaultCycleName,
  defaultReportingRule,
  selectReporters,
  type ReportingRule,
} from '../../domain/cycles.js';
import { schemeTemplates, type TemplateScheme } from '../../domain/scheme-templates.js';
import type { DemoOrg } from './generate.js';

export interface DemoCycle {
  id: number;
  orgId: number;
  name: string;
  year: number;
  startsOn: string;
  endsOn: string;
  reportingRule: ReportingRule;
}

export interface DemoReporter {
  cycleId: number;
  orgId: number;
  audience: TemplateScheme['audience'];
}

export interface DemoScheme {
  id: number;
  cycleId: number;
  audience: TemplateScheme['audience'];
  body: TemplateScheme;
}

const depthOf = (path: string) => path.split('.').length;

/** An annual cycle of `year` for the county and for every town, with reporters and schemes. */
export function demoCycles(orgs: readonly DemoOrg[], year: number, today: string) {
  // Dissolved orgs are never offered to a reporting set.
  const alive = orgs.filter((o) => o.dissolvedOn === null || o.dissolvedOn > today);
  const cycles: DemoCycle[] = [];
  const reporters: DemoReporter[] = [];
  const schemes: DemoScheme[] = [];
  for (const org of alive.filter((o) => o.level === 'county' || o.level === 'committee')) {
    const id = cycles.length + 1;
    const rule = defaultReportingRule(org.level);
    cycles.push({
      id,
      orgId: org.id,
      name: defaultCycleName('annual', year, null),
      year,
      ...cyclePeriod('annual', year, null),
      reportingRule: rule,
    });
    const below = alive.filter((o) => o.path.startsWith(`${org.path}.`));
    const levelOf = new Map(below.map((o) => [o.id, o.level]));
    const picked = selectReporters(
      below.map((o) => ({
        id: o.id,
        depth: depthOf(o.path) - depthOf(org.path),
        level: o.level,
        domain: o.domain,
      })),
      rule,
    );
    for (const orgId of picked)
      reporters.push({ cycleId: id, orgId, audience: audienceOfLevel(levelOf.get(orgId)!) });
    for (const audience of audiencesOfRule(rule))
      schemes.push({ id: schemes.length + 1, cycleId: id, audience, body: schemeTemplates[audience] });
  }
  return { cycles, reporters, schemes };
}
