/**
 * The composer's bubbles: what the marketer edits, turned into LINE message objects and held to
 * LINE's rules by the contract's own schema (lib/contract/api.ts `lineMessageSchema`, the one the
 * sync API enforces). The schema says whether and where a bubble is wrong; this file only picks
 * the sentence for each field in the user's language. Pure: no DOM, no signals.
 */
import { LINE_MESSAGES_MAX, LINE_TEXT_MAX, lineMessageSchema, type LineMessage } from '@/lib/contract/api';

export type BubbleType = 'text' | 'image' | 'sticker';

export interface Bubble {
  id: string;
  type: BubbleType;
  text: string;
  originalContentUrl: string;
  previewImageUrl: string;
  packageId: string;
  stickerId: string;
}

export type BubbleField = 'text' | 'originalContentUrl' | 'previewImageUrl' | 'packageId' | 'stickerId';

/** An i18n key of the `broadcast` namespace, with its parameters. */
export interface FieldIssue { key: string; params?: Record<string, string | number> }
export type BubbleIssues = Partial<Record<BubbleField, FieldIssue>>;

export const MAX_BUBBLES = LINE_MESSAGES_MAX;
export const TEXT_MAX = LINE_TEXT_MAX;

let seq = 0;
export function newBubble(type: BubbleType = 'text'): Bubble {
  seq += 1;
  return { id: `bubble-${seq}`, type, text: '', originalContentUrl: '', previewImageUrl: '', packageId: '', stickerId: '' };
}

export function toLineMessage(b: Bubble): LineMessage {
  switch (b.type) {
    case 'text': return { type: 'text', text: b.text };
    case 'image': return { type: 'image', originalContentUrl: b.originalContentUrl.trim(), previewImageUrl: b.previewImageUrl.trim() };
    case 'sticker': return { type: 'sticker', packageId: b.packageId.trim(), stickerId: b.stickerId.trim() };
  }
}

/** A sent message back as a bubble (to preview what went out). */
export function fromLineMessage(m: LineMessage, i = 0): Bubble {
  const b = { ...newBubble(m.type), id: `sent-${i}` };
  return m.type === 'text' ? { ...b, text: m.text }
    : m.type === 'image' ? { ...b, originalContentUrl: m.originalContentUrl, previewImageUrl: m.previewImageUrl }
      : { ...b, packageId: m.packageId, stickerId: m.stickerId };
}

/** The length LINE counts: UTF-16 code units, so most emoji count as 2. */
export const lineLength = (text: string) => text.length;

const ASCII_ONLY = /^[\x21-\x7e]*$/;

/** What is wrong with each field of a bubble (nothing: an empty object). */
export function bubbleIssues(b: Bubble): BubbleIssues {
  const parsed = lineMessageSchema.safeParse(toLineMessage(b));
  if (parsed.success) return {};
  const out: BubbleIssues = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as BubbleField | undefined;
    if (!field || field === ('type' as string) || out[field]) continue;
    out[field] = sentenceFor(b, field);
  }
  return out;
}

function sentenceFor(b: Bubble, field: BubbleField): FieldIssue {
  if (field === 'text') {
    return b.text.trim() === '' ? { key: 'issue.textEmpty' } : { key: 'issue.textTooLong', params: { max: TEXT_MAX, count: lineLength(b.text) } };
  }
  if (field === 'packageId' || field === 'stickerId') {
    const value = b[field].trim();
    return value === '' ? { key: field === 'packageId' ? 'issue.packageEmpty' : 'issue.stickerEmpty' } : { key: 'issue.stickerNumber' };
  }
  const url = b[field].trim();
  if (url === '') return { key: 'issue.urlEmpty' };
  if (url.length > 2000) return { key: 'issue.urlTooLong', params: { max: 2000 } };
  if (!ASCII_ONLY.test(url)) return { key: 'issue.urlEncode' };
  return { key: 'issue.urlHttps' };
}

/** Every bubble's issues, by bubble id; empty when all can be sent. */
export function composerIssues(bubbles: readonly Bubble[]): Map<string, BubbleIssues> {
  const out = new Map<string, BubbleIssues>();
  for (const b of bubbles) {
    const issues = bubbleIssues(b);
    if (Object.keys(issues).length > 0) out.set(b.id, issues);
  }
  return out;
}

/**
 * The sticker's picture on LINE's public sticker CDN, for the preview only (the message itself
 * carries just the ids; LINE renders the sticker on the phone).
 */
export function stickerImageUrl(stickerId: string): string | null {
  return /^\d{1,20}$/.test(stickerId.trim()) ? `https://stickershop.line-scdn.net/stickershop/v1/sticker/${stickerId.trim()}/android/sticker.png` : null;
}

/** Moves the bubble at `from` to `to`, returning a new list. */
export function moveBubble(list: readonly Bubble[], from: number, to: number): Bubble[] {
  if (from === to || from < 0 || to < 0 || from >= list.length || to >= list.length) return [...list];
  const next = [...list];
  const [b] = next.splice(from, 1);
  next.splice(to, 0, b!);
  return next;
}
