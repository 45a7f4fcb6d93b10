import { describe, expect, it } from 'vitest';
import {
  extensionOf,
  fileKindRules,
  fileKinds,
  fileTypeProblem,
  showsInline,
  storedFileName,
} from '../../src/domain/file-kinds.js';
import { contentDisposition } from '../../src/server/http/content-disposition.js';

const pdf = 'application/pdf';

describe('file kinds', () => {
  it('accepts a type the kind allows under one of its extensions, in any case', () => {
    expect(fileTypeProblem('attachment', '会议记录.PDF', pdf)).toBeNull();
    expect(fileTypeProblem('attachment', '合影.jpeg', 'image/jpeg')).toBeNull();
    expect(fileTypeProblem('attachment', '合影.jpg', 'image/jpeg')).toBeNull();
  });

  it('refuses bytes of another type than the name says, and unknown or unlisted types', () => {
    expect(fileTypeProblem('attachment', '总结.pdf', 'application/x-msdownload')).toMatchObject({
      code: 'FILE_TYPE_NOT_ALLOWED',
    });
    expect(fileTypeProblem('attachment', '总结.pdf', undefined)?.message).toMatch(/无法识别/);
    expect(fileTypeProblem('attachment', '照片.pdf', 'image/png')).toMatchObject({
      code: 'FILE_EXTENSION_MISMATCH',
      message: expect.stringContaining('.png'),
    });
    expect(fileTypeProblem('attachment', '无扩展名', pdf)?.message).toContain('（无）');
    expect(fileTypeProblem('report', '照片.png', 'image/png')?.code).toBe('FILE_TYPE_NOT_ALLOWED');
    expect(fileTypeProblem('attachment', 'page.html', 'text/html')?.code).toBe('FILE_TYPE_NOT_ALLOWED');
  });

  it('lets no kind hold a type a browser would run, and shows only images and PDF inline', () => {
    for (const kind of fileKinds)
      for (const type of fileKindRules[kind].types)
        expect(type.mime).not.toMatch(/html|svg|\/xml|javascript/);
    expect(showsInline(pdf)).toBe(true);
    expect(showsInline('image/svg+xml')).toBe(false);
    expect(showsInline('text/html')).toBe(false);
  });

  it('stores the last path segment of a name, NFC and trimmed, and refuses hidden characters', () => {
    expect(storedFileName('C:\\Users\\张三\\述职报告.docx')).toEqual({ name: '述职报告.docx' });
    expect(storedFileName(' Cafe\u0301.pdf\t')).toEqual({ name: 'Café.pdf' });
    expect(storedFileName('a/..')).toMatchObject({ problem: expect.stringMatching(/不能为空/) });
    expect(storedFileName('报告\u202egpj.exe')).toMatchObject({ problem: expect.stringMatching(/方向/) });
    expect(storedFileName(`${'长'.repeat(201)}.pdf`)).toHaveProperty('problem');
    expect(extensionOf('.bashrc')).toBe('');
    expect(extensionOf('archive.tar.GZ')).toBe('gz');
  });
});

describe('Content-Disposition', () => {
  it('carries an ASCII fallback and the exact name per RFC 5987', () => {
    const name = "支部(2026)'s 报告*.pdf";
    const header = contentDisposition(name, 'inline');
    expect(header).toMatch(/^inline; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%!#$&+.^_`|~-]+$/);
    expect(decodeURIComponent(header.split("UTF-8''")[1]!)).toBe(name);
    expect(contentDisposition('a"b\\c.pdf')).toBe(
      `attachment; filename="a_b_c.pdf"; filename*=UTF-8''a%22b%5Cc.pdf`,
    );
  });
});
