/**
 * Today as YYYY-MM-DD in the server's local time zone: the calendar day its users live in (a
 * county in UTC+8 starts its day eight hours before UTC does). Every "today" on the server comes
 * from here so date rules, reminders and statistics agree on which day it is.
 */
export function today(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
