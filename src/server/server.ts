import { fileURLToPath } from 'node:url';
import { openDatabase } from '../db/client.js';
import { migrateDatabase } from '../db/migrate.js';
import { buildApp } from './app.js';
import { ensureInitialAdmin, initialAdminUsername } from './bootstrap.js';
import { systemClock, type Clock } from './clock.js';
import type { AppConfig } from './config.js';

// src/server and dist/server both sit two levels below the package root.
export const defaultWebRoot = fileURLToPath(new URL('../../dist/web', import.meta.url));

export async function startServer(config: AppConfig, clock: Clock = systemClock) {
  const database = await openDatabase(config);
  try {
    await migrateDatabase(database);
    const admin = await ensureInitialAdmin(database.db, config.initialAdminPassword);
    if (admin) {
      const shown = admin.generated ? admin.password : '（取自环境变量 SHUPING_ADMIN_PASSWORD）';
      console.log(
        [
          '',
          '==================== 述评 Shuping 首次启动 ====================',
          `已创建系统管理员账户：${initialAdminUsername}`,
          `初始密码：${shown}`,
          '此密码只显示这一次，首次登录后必须修改。',
          '===============================================================',
          '',
        ].join('\n'),
      );
    }
    const app = await buildApp({
      database,
      config: { ...config, webRoot: config.webRoot ?? defaultWebRoot },
      logger: { level: config.logLevel },
      clock,
    });
    await app.listen({ port: config.port, host: config.host });
    // Only a serving process runs scheduled tasks; apps built for tests and benchmarks tick by hand.
    app.scheduler.start();
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        app.log.info({ signal }, 'shutting down');
        // The database closes after the app, not in an onClose hook: those run last-registered first,
        // and the pool's end would wait for the connection the job runner holds until its own close.
        app
          .close()
          .then(() => database.close())
          .then(
            () => process.exit(0),
            () => process.exit(1),
          );
      });
    }
    console.log(`述评 Shuping 已启动：http://localhost:${config.port}  数据库：${database.driver}`);
    return app;
  } catch (error) {
    await database.close();
    throw error;
  }
}
