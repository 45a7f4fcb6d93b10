// Files for the file-store tests, built in code: real headers of each type the store accepts, an
// executable, and multipart bodies as a browser form sends them.
import { randomBytes } from 'node:crypto';
import { Document, Packer, Paragraph } from 'docx';
import type { LightMyRequestResponse } from 'fastify';
import { RawBody, type Session, type TestContext } from './test-app.js';

/** A real 1×1 PNG. */
export const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** A PDF of about `bytes` bytes: a real header and trailer around random filler. */
export function pdf(bytes = 2048): Buffer {
  const head = Buffer.from(
    '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\nstream\n',
    'latin1',
  );
  const tail = Buffer.from('\nendstream\n%%EOF\n', 'latin1');
  return Buffer.concat([head, randomBytes(Math.max(0, bytes - head.length - tail.length)), tail]);
}

/** The start of a Windows executable (MZ … PE), which is what a renamed .exe carries. */
export function exe(): Buffer {
  const bytes = Buffer.alloc(1024);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'latin1');
  return bytes;
}

/** A multipart/form-data body with one file part, as a browser form or antd Upload sends it. */
export function multipart(fileName: string, bytes: Buffer): RawBody {
  const boundary = `----shuping${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1');
  return new RawBody(Buffer.concat([head, bytes, tail]), `multipart/form-data; boundary=${boundary}`);
}

/** POST /api/files as `session` with one file. */
export function uploadFile(
  t: Pick<TestContext, 'request'>,
  session: Session,
  query: string,
  fileName: string,
  bytes: Buffer,
): Promise<LightMyRequestResponse> {
  return t.request(session, 'POST', `/api/files?${query}`, multipart(fileName, bytes));
}

/** A Word file of `text`, one paragraph per line, as a secretary's report arrives. */
export async function wordFile(text: string): Promise<Buffer> {
  const document = new Document({
    sections: [{ children: text.split('\n').map((line) => new Paragraph({ text: line })) }],
  });
  return Packer.toBuffer(document);
}
