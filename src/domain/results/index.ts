export * from './grades.js';
export * from './appraisal.js';
export * from './evaluate.js';
