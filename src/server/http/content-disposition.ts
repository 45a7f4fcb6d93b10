/**
 * A `Content-Disposition` value for a (Chinese) file name: an ASCII fallback for old clients and the
 * real name per RFC 5987. `inline` lets a browser show the file in a tab instead of saving it.
 */
export function contentDisposition(
  fileName: string,
  disposition: 'attachment' | 'inline' = 'attachment',
): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  // encodeURIComponent leaves ' ( ) * unescaped; RFC 5987's attr-char does not allow them.
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** `attachment` with an ASCII fallback and the real name: the browser saves the file. */
export const attachment = (fileName: string) => contentDisposition(fileName, 'attachment');
