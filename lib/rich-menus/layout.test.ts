import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkRichMenuImage, layoutProblems, overlaps, richMenuCreateSchema, RICH_MENU_SIZES, templateBounds, TEMPLATE_AREAS,
} from './layout';

function png(width: number, height: number, bytes = 64): Uint8Array {
  const b = new Uint8Array(bytes);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(b.buffer).setUint32(16, width);
  new DataView(b.buffer).setUint32(20, height);
  return b;
}
function jpeg(width: number, height: number): Uint8Array {
  // SOI, an APP0 segment of 16 bytes, then SOF0 with the frame size.
  return new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, ...new Array(14).fill(0), 0xff, 0xc0, 0, 17, 8, height >> 8, height & 255, width >> 8, width & 255, 3, 0, 0, 0]);
}

describe('rich menu layouts', () => {
  it('every template tiles the image exactly: inside it, no overlap, full coverage', () => {
    for (const size of RICH_MENU_SIZES) {
      for (const n of TEMPLATE_AREAS) {
        const bounds = templateBounds(size, n);
        expect(bounds).toHaveLength(n);
        expect(layoutProblems(size, bounds)).toEqual([]);
        expect(bounds.reduce((s, b) => s + b.width * b.height, 0)).toBe(size.width * size.height);
      }
    }
  });

  it('reports areas that leave the image or overlap, naming the area', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ x: fc.nat(2600), y: fc.nat(1700), width: fc.integer({ min: 1, max: 2500 }), height: fc.integer({ min: 1, max: 1686 }) }), { minLength: 1, maxLength: 6 }),
      (bounds) => {
        const size = { width: 2500, height: 1686 };
        const problems = layoutProblems(size, bounds);
        const outside = bounds.some((b) => b.x + b.width > 2500 || b.y + b.height > 1686);
        const anyOverlap = bounds.some((a, i) => bounds.some((b, j) => j < i && overlaps(a, b)));
        expect(problems.length > 0).toBe(outside || anyOverlap);
      },
    ));
  });

  it('accepts a valid menu and refuses http addresses and bad aliases with their paths', () => {
    const base = { name: 'Menu', chatBarText: 'Menu', size: { width: 2500, height: 843 }, areas: [{ bounds: { x: 0, y: 0, width: 2500, height: 843 }, action: { type: 'uri', uri: 'https://a.example' } }] };
    expect(richMenuCreateSchema.safeParse(base).success).toBe(true);
    const http = richMenuCreateSchema.safeParse({ ...base, areas: [{ ...base.areas[0], action: { type: 'uri', uri: 'http://a.example' } }] });
    expect(http.success ? [] : http.error.issues.map((i) => i.path.join('.'))).toContain('areas.0.action.uri');
    const alias = richMenuCreateSchema.safeParse({ ...base, aliasId: 'Not Valid' });
    expect(alias.success ? [] : alias.error.issues.map((i) => i.path.join('.'))).toContain('aliasId');
  });
});

describe('rich menu images', () => {
  it('reads PNG and JPEG sizes and checks them against the menu', () => {
    expect(checkRichMenuImage(png(2500, 1686), { width: 2500, height: 1686 })).toMatchObject({ ok: true, type: 'image/png' });
    expect(checkRichMenuImage(jpeg(2500, 843), { width: 2500, height: 843 })).toMatchObject({ ok: true, type: 'image/jpeg', width: 2500, height: 843 });
    expect(checkRichMenuImage(jpeg(2500, 843), { width: 2500, height: 1686 })).toMatchObject({ ok: false, code: 'image_size' });
    expect(checkRichMenuImage(new TextEncoder().encode('GIF89a'), { width: 2500, height: 1686 })).toMatchObject({ ok: false, code: 'image_type' });
    expect(checkRichMenuImage(png(2500, 1686, 1024 * 1024 + 1), { width: 2500, height: 1686 })).toMatchObject({ ok: false, code: 'image_too_large' });
  });
});
