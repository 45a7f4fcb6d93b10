/**
 * Whether a path names the API, however it is spelled: percent-encoded letters, doubled slashes and
 * upper case all count, so no spelling of an API path is ever answered by the web app. A path that
 * does not decode is treated as the API's, where it is refused.
 */
export function isApiPath(url: string): boolean {
  const path = url.split('?')[0]!;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return true;
  }
  return /^\/api(\/|$)/i.test(decoded.replace(/\/{2,}/g, '/'));
}
