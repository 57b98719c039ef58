/**
 * Rich menus (DESIGN.md, "Rich menus"): LINE's rich menu object as the sync API accepts it, the
 * OA Manager's common tap-area layouts, and the checks LINE would otherwise make after an upload.
 * Pure: the panel uses it to validate before anything is sent, the server to refuse bad input with
 * field paths, and both agree because it is one module.
 *
 * LINE's limits (messaging-api.yml, RichMenuRequest / RichMenuArea / RichMenuSize): `name` ≤ 300
 * characters, `chatBarText` ≤ 14, 1–20 areas. Lumo takes the two sizes the OA Manager offers
 * (2500×1686 "large" and 2500×843 "compact") so images made for one tool fit the other.
 */
import { z } from 'zod';

export const RICH_MENU_SIZES = [
  { width: 2500, height: 1686 },
  { width: 2500, height: 843 },
] as const;
export type RichMenuSize = (typeof RICH_MENU_SIZES)[number];
/** LINE refuses rich menu images over 1 MB. */
export const RICH_MENU_IMAGE_MAX_BYTES = 1024 * 1024;
export const RICH_MENU_IMAGE_TYPES = ['image/png', 'image/jpeg'] as const;
export const ALIAS_RE = /^[a-z0-9_-]{1,32}$/;

const httpsUrl = z.string().max(1000).refine((s) => {
  try { return new URL(s).protocol === 'https:'; } catch { return false; }
}, 'An address must start with https://.');

export const richMenuActionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('uri'), label: z.string().max(20).optional(), uri: httpsUrl }),
  z.strictObject({ type: z.literal('message'), label: z.string().max(20).optional(), text: z.string().trim().min(1).max(300) }),
  z.strictObject({
    type: z.literal('richmenuswitch'), label: z.string().max(20).optional(),
    richMenuAliasId: z.string().regex(ALIAS_RE, 'An alias is 1–32 lowercase letters, digits, "_" or "-".'),
    data: z.string().min(1).max(300),
  }),
  z.strictObject({ type: z.literal('postback'), label: z.string().max(20).optional(), data: z.string().min(1).max(300), displayText: z.string().max(300).optional() }),
]);
export type RichMenuAction = z.infer<typeof richMenuActionSchema>;

const nonNegInt = z.number().int().min(0).max(2500);
export const boundsSchema = z.strictObject({ x: nonNegInt, y: nonNegInt, width: z.number().int().min(1).max(2500), height: z.number().int().min(1).max(1686) });
export type Bounds = z.infer<typeof boundsSchema>;
export const richMenuAreaSchema = z.strictObject({ bounds: boundsSchema, action: richMenuActionSchema });
export type RichMenuArea = z.infer<typeof richMenuAreaSchema>;

export const richMenuSizeSchema = z.strictObject({ width: z.literal(2500), height: z.union([z.literal(1686), z.literal(843)]) });

/** The body of `POST …/rich-menus`: LINE's rich menu object, plus an optional alias to create. */
export const richMenuCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(300),
  chatBarText: z.string().trim().min(1).max(14),
  selected: z.boolean().optional(),
  size: richMenuSizeSchema,
  areas: z.array(richMenuAreaSchema).min(1).max(20),
  aliasId: z.string().regex(ALIAS_RE, 'An alias is 1–32 lowercase letters, digits, "_" or "-".').optional(),
}).superRefine((menu, ctx) => {
  for (const p of layoutProblems(menu.size, menu.areas.map((a) => a.bounds))) ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
});
export type RichMenuCreate = z.infer<typeof richMenuCreateSchema>;

export interface LayoutProblem { path: (string | number)[]; message: string }

/** Areas must lie inside the image and must not overlap (a tap would be ambiguous). */
export function layoutProblems(size: { width: number; height: number }, bounds: readonly Bounds[]): LayoutProblem[] {
  const problems: LayoutProblem[] = [];
  bounds.forEach((b, i) => {
    if (b.x + b.width > size.width || b.y + b.height > size.height) {
      problems.push({ path: ['areas', i, 'bounds'], message: `Area ${i + 1} leaves the ${size.width}×${size.height} image: keep x + width ≤ ${size.width} and y + height ≤ ${size.height}.` });
    }
    for (let j = 0; j < i; j++) {
      if (overlaps(b, bounds[j]!)) problems.push({ path: ['areas', i, 'bounds'], message: `Area ${i + 1} overlaps area ${j + 1}: a tap there would be ambiguous.` });
    }
  });
  return problems;
}

export function overlaps(a: Bounds, b: Bounds): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The OA Manager's common layouts, by number of areas. */
export const TEMPLATE_AREAS = [1, 2, 3, 4, 6] as const;
export type TemplateAreas = (typeof TEMPLATE_AREAS)[number];

/**
 * Tap areas that tile the image: 1 (whole), 2 (two columns), 3 (three columns), 4 (2×2 on a large
 * menu, four columns on a compact one), 6 (3×2; on a compact menu too). Integer pixels; the last
 * row and column take the remainder so the areas cover the image exactly.
 */
export function templateBounds(size: { width: number; height: number }, areas: TemplateAreas): Bounds[] {
  const compact = size.height < 1000;
  const [cols, rows] = areas === 1 ? [1, 1] : areas === 2 ? [2, 1] : areas === 3 ? [3, 1]
    : areas === 4 ? (compact ? [4, 1] : [2, 2]) : [3, 2];
  const out: Bounds[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x = Math.floor((size.width * c) / cols);
      const y = Math.floor((size.height * r) / rows);
      const x2 = Math.floor((size.width * (c + 1)) / cols);
      const y2 = Math.floor((size.height * (r + 1)) / rows);
      out.push({ x, y, width: x2 - x, height: y2 - y });
    }
  }
  return out;
}

export type ImageCheck =
  | { ok: true; type: 'image/png' | 'image/jpeg'; width: number; height: number }
  | { ok: false; code: 'image_type' | 'image_too_large' | 'image_size' | 'image_unreadable'; message: string };

/**
 * Reads an image's type and pixel size from its first bytes (PNG's IHDR; JPEG's first SOFn
 * marker) and checks it against the menu's size and LINE's 1 MB limit — before the upload, so the
 * user hears what to fix instead of LINE's 400.
 */
export function checkRichMenuImage(bytes: Uint8Array, expected: { width: number; height: number }): ImageCheck {
  if (bytes.length > RICH_MENU_IMAGE_MAX_BYTES) {
    return { ok: false, code: 'image_too_large', message: `The image is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; LINE takes at most 1 MB. Save it as a JPEG with more compression.` };
  }
  const dims = imageDimensions(bytes);
  if (!dims) return { ok: false, code: 'image_type', message: 'The image must be a PNG or a JPEG.' };
  if (dims.width === 0 || dims.height === 0) return { ok: false, code: 'image_unreadable', message: 'The image could not be read: its size is missing.' };
  if (dims.width !== expected.width || dims.height !== expected.height) {
    return { ok: false, code: 'image_size', message: `The image is ${dims.width}×${dims.height} pixels; this menu needs exactly ${expected.width}×${expected.height}.` };
  }
  return { ok: true, ...dims };
}

export function imageDimensions(b: Uint8Array): { type: 'image/png' | 'image/jpeg'; width: number; height: number } | null {
  const u32 = (i: number) => ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
  const u16 = (i: number) => (b[i]! << 8) | b[i + 1]!;
  if (b.length >= 24 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) {
    return { type: 'image/png', width: u32(16), height: u32(20) };
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) { i++; continue; }
      const marker = b[i + 1]!;
      if (marker === 0xff) { i++; continue; }
      // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { type: 'image/jpeg', height: u16(i + 5), width: u16(i + 7) };
      }
      if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) { i += 2; continue; }
      i += 2 + u16(i + 2);
    }
    return { type: 'image/jpeg', width: 0, height: 0 };
  }
  return null;
}
