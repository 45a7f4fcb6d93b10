// Each command loads what it needs when it runs: `analyze` must not wait for the server and the
// database drivers to load (two seconds), nor `start` for the analyzer.
import { parseArgs } from 'node:util';
import type { Database } from '../db/client.js';
import { systemActor } from '../server/http/actor.js';
import { roles, type Role } from '../domain/access.js';
import { systemClock, type Clock } from '../server/clock.js';

const usage = `用法：shuping <命令> [选项]

命令：
  start                       启动服务（PORT、DATA_DIR、DATABASE_URL 见 README）
  migrate                     只执行数据库迁移
  create-user --username U --display-name N --role R [--org-id ID] [--password P]
                              新建用户；未给出密码时生成初始密码（首次登录须修改）
  backup [文件]               把数据库导出为一致的备份文件（默认 shuping-backup-时间.ndjson.gz）
  restore <文件>              把备份恢复到空数据库
  analyze [--json] 文件...     审查述职报告（.docx 或 .txt）：结构、数字核对、占位符、问题与举措、
                              自我重复；两个及以上文件时比较相互雷同。--json 输出 JSON
  demo [--towns N] [--seed S] 载入演示县（默认 4 个乡镇，其一与示例材料中的镇同构）
  demo --orgs N [--members M] [--seed S]
                              载入按规模生成的演示数据（如 --orgs 50000 --members 1000000）；
                              只能载入尚无组织的空数据库

数据库：设置 DATABASE_URL 使用 PostgreSQL，否则使用 DATA_DIR（默认 ./data）中的内置 PGlite。`;

async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
  const [{ openDatabase }, { migrateDatabase }, { configFromEnv }] = await Promise.all([
    import('../db/client.js'),
    import('../db/migrate.js'),
    import('../server/config.js'),
  ]);
  const database = await openDatabase(configFromEnv());
  try {
    await migrateDatabase(database);
    return await work(database);
  } finally {
    await database.close();
  }
}

const timestamp = () => new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

async function main(argv: string[], clock: Clock = systemClock): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start': {
      // nextTick's record shapes kept alive (tick-shapes.ts) before the server's modules load: the
      // collections of their start-up would already drop them.
      (await import('../server/tick-shapes.js')).keepTickShapes();
      const [{ startServer }, { configFromEnv }] = await Promise.all([
        import('../server/server.js'),
        import('../server/config.js'),
      ]);
      await startServer(configFromEnv(), clock);
      return -1;
    }
    case 'migrate':
      await withDatabase(async (database) => console.log(`数据库迁移完成（${database.driver}）`));
      return 0;
    case 'create-user': {
      const { values } = parseArgs({
        args: rest,
        options: {
          username: { type: 'string' },
          'display-name': { type: 'string' },
          role: { type: 'string' },
          'org-id': { type: 'string' },
          password: { type: 'string' },
        },
      });
      if (!values.username || !values['display-name'] || !values.role) {
        console.error('缺少 --username、--display-name 或 --role\n\n' + usage);
        return 2;
      }
      if (!roles.includes(values.role as Role)) {
        console.error(`角色必须是：${roles.join('、')}`);
        return 2;
      }
      const [{ createOrgService }, { createUserService }] = await Promise.all([
        import('../server/modules/orgs/service.js'),
        import('../server/modules/users/service.js'),
      ]);
      await withDatabase(async ({ db }) => {
        const users = createUserService({ db, orgs: createOrgService({ db, clock }) });
        const result = await users.create(systemActor(), {
          username: values.username!,
          displayName: values['display-name']!,
          role: values.role as Role,
          orgId: values['org-id'] ? Number(values['org-id']) : null,
          ...(values.password ? { password: values.password } : {}),
        });
        console.log(`已创建用户 ${result.user.username}（${result.user.role}）`);
        if (result.initialPassword) console.log(`初始密码：${result.initialPassword}（首次登录后须修改）`);
      });
      return 0;
    }
    case 'backup': {
      const file = rest[0] ?? `shuping-backup-${timestamp()}.ndjson.gz`;
      const { writeBackup } = await import('../db/backup.js');
      const counts = await withDatabase(({ db }) => writeBackup(db, file));
      console.log(`备份完成：${file}`, counts);
      return 0;
    }
    case 'restore': {
      const file = rest[0];
      if (!file) {
        console.error('请给出备份文件路径\n\n' + usage);
        return 2;
      }
      const { restoreBackup } = await import('../db/backup.js');
      const counts = await withDatabase(({ db }) => restoreBackup(db, file));
      console.log(`恢复完成：${file}`, counts);
      return 0;
    }
    case 'analyze': {
      const { values, positionals } = parseArgs({
        args: rest,
        options: { json: { type: 'boolean' } },
        allowPositionals: true,
      });
      if (!positionals.length) {
        console.error('请给出要审查的报告文件（.docx 或 .txt）\n\n' + usage);
        return 2;
      }
      const { analyzeFiles } = await import('./analyze.js');
      return analyzeFiles(positionals, values.json ?? false);
    }
    case 'demo': {
      const { values } = parseArgs({
        args: rest,
        options: {
          towns: { type: 'string' },
          orgs: { type: 'string' },
          members: { type: 'string' },
          seed: { type: 'string' },
        },
      });
      const number = (name: string, value: string | undefined) => {
        if (value === undefined) return undefined;
        if (!/^\d+$/.test(value)) throw new Error(`--${name} 须为正整数`);
        return Number(value);
      };
      const [{ planCounty }, { loadDemo }] = await Promise.all([
        import('../db/demo/generate.js'),
        import('../db/demo/load.js'),
      ]);
      const plan = planCounty({
        seed: number('seed', values.seed) ?? 2026,
        towns: number('towns', values.towns),
        orgs: number('orgs', values.orgs),
        members: number('members', values.members),
        today: clock.today(),
      });
      console.log(`生成演示数据：组织 ${plan.orgs.length} 个，党员 ${plan.totalMembers} 名`);
      let started = Date.now();
      let lastLine = 0;
      const counts = await withDatabase(({ db }) => {
        started = Date.now(); // after opening and migrating the database
        return loadDemo(db, plan, {
          // The default county, as the web's demo button loads it; sized ones are for benchmarks.
          yearOfWork: values.towns === undefined && values.orgs === undefined && values.members === undefined,
          onProgress: ({ stage, done, total }) => {
            if (done < total && Date.now() - lastLine < 2000) return;
            lastLine = Date.now();
            const seconds = ((Date.now() - started) / 1000).toFixed(1);
            console.log(`  ${stage} ${done}/${total}（${seconds} 秒）`);
          },
        });
      });
      console.log(
        `演示数据已载入（${((Date.now() - started) / 1000).toFixed(1)} 秒）：组织 ${counts.orgs} 个，党员 ${counts.members} 名，` +
          `组织关系转接 ${counts.transfers} 条，流动党员记录 ${counts.mobileRecords} 条，非公企业和社会组织 ${counts.nonPublicEntities} 个` +
          (counts.cycles ? `，考核周期 ${counts.cycles} 个，台账记录 ${counts.ledgerRecords} 条` : ''),
      );
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(usage);
      return command === undefined ? 2 : 0;
    default:
      console.error(`未知命令：${command}\n\n${usage}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: Error & { code?: string }) => {
    // Expected failures (a locked data dir, a bad backup, invalid input) print their own Chinese message.
    console.error(`错误：${error.message}`);
    if (process.env.DEBUG) console.error(error);
    process.exit(1);
  },
);
