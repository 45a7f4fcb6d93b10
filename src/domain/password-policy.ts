import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import {
  maxPasswordLength,
  minPasswordLength,
  minPasswordScore,
  passwordContextWords,
} from './password-rule.js';

export { maxPasswordLength, minPasswordLength } from './password-rule.js';

// Built on first use: loading the dictionaries costs tens of milliseconds nobody should pay at start-up.
let estimator: ZxcvbnFactory | null = null;
const estimate = (password: string, userInputs: string[]) =>
  (estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs })).check(password, userInputs);

/** Why the estimator finds a password guessable, by its warning key; anything else gets the plain reason. */
const reasons: Record<string, string> = {
  straightRow: '含键盘上连续的一行字符',
  keyPattern: '含简单的键盘图案',
  simpleRepeat: '含重复字符',
  extendedRepeat: '含重复的字符组',
  sequences: '含连续的字母或数字序列',
  recentYears: '含近年的年份',
  dates: '含日期',
  topTen: '是最常见的密码之一',
  topHundred: '是很常见的密码',
  common: '是常见密码',
  similarToCommon: '与常见密码相近',
  wordByItself: '只是一个常见单词',
  namesByThemselves: '只是姓名',
  commonNames: '含常见姓名',
  userInputs: '含用户名或系统名称',
};

/** Returns a Chinese reason the password is too weak, or null when it is acceptable. */
export function passwordWeakness(password: string, username?: string): string | null {
  if (password.length < minPasswordLength) return `密码至少需要 ${minPasswordLength} 个字符`;
  if (password.length > maxPasswordLength) return `密码不能超过 ${maxPasswordLength} 个字符`;
  if (username && password.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名';
  const result = estimate(password, [...passwordContextWords, ...(username ? [username] : [])]);
  if (result.score >= minPasswordScore) return null;
  const reason = (result.feedback.warning && reasons[result.feedback.warning]) || '太短或太有规律';
  return `密码太容易被猜到（${reason}），请换一个更长、更随机的密码`;
}
