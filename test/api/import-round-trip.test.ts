// Chinese text must come out of an import byte for byte as it went in. ExcelJS's streaming reader,
// which the import used, turned a character split across two inflated chunks into U+FFFD: about one
// name in 3,000 in a 20,000-row file. The 100,000 rows take minutes per database on 2 busy
// cores, so the suite reads 20,000 and `npm run test:round-trip` the full size.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query-rows.js';
import { createTestContext, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import { chineseMembersFile, expectSucceeded, importFile } from '../helpers/xlsx-fixtures.js';
import { createOrg, signedInUser } from './support/fixtures.js';

const rows = Number(process.env.ROUND_TRIP_ROWS ?? 20_000);
/** 20,000 rows took 24 s with the cores loaded (load 8 on 2): about 1.2 ms a row; room for more load. */
const timeout = Math.max(300_000, rows * 15);

describe(`a Chinese member file round-trips byte for byte (${testDriver})`, () => {
  let t: TestContext;
  let organizer: Session;
  let town: number;

  beforeAll(async () => {
    t = await createTestContext();
    const county = await createOrg(t, null, '往返县委', 'county');
    town = (await createOrg(t, county.id, '往返镇党委', 'committee')).id;
    organizer = await signedInUser(t, 'roundtrip', 'organizer', town);
  });
  afterAll(() => t?.close());

  for (const strings of ['shared', 'inline'] as const)
    it(
      `stores every name and occupation of ${rows} rows as written, with ${strings} strings`,
      async () => {
        const branch = await createOrg(t, town, `${strings}党支部`, 'branch');
        const written = await chineseMembersFile(branch.id, rows, strings);
        const job = await importFile(t, organizer, 'members', written.file);
        expect(expectSucceeded(job)).toMatchObject({ imported: rows });
        const stored = await queryRows<{ name: string; occupation: string }>(
          t.database.db,
          sql`select name, occupation from members where org_id = ${branch.id} order by id`,
        );
        expect(stored).toHaveLength(rows);
        const differing = stored.flatMap((s, i) =>
          s.name === written.names[i] && s.occupation === written.occupations[i]
            ? []
            : [{ row: i + 2, stored: s, written: [written.names[i], written.occupations[i]] }],
        );
        expect(differing).toEqual([]);
      },
      timeout,
    );
});
