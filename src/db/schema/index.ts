export * from './orgs.js';
export * from './users.js';
export * from './audit.js';
export * from './members.js';
export * from './statistics.js';
export * from './files.js';
export * from './jobs.js';
export * from './platform.js';
