const apiPrefix = /^\/api(\/|$)/i;

/**
 * Whether a path names the API, however it is spelled: percent-encoded letters, doubled slashes and
 * upper case all count, so no spelling of an API path is ever answered by the web app. A path that
 * does not decode is treated as the API's, where it is refused.
 */
export function isApiPath(url: string): boolean {
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  // Nothing to decode or collapse (every request the web app itself sends): the test alone.
  if (!path.includes('%') && !path.includes('//')) return apiPrefix.test(path);
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return true;
  }
  return apiPrefix.test(decoded.replace(/\/{2,}/g, '/'));
}
