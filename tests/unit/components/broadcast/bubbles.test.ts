import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lineMessageSchema } from '@/lib/contract/api';
import { bubbleIssues, lineLength, moveBubble, newBubble, stickerImageUrl, toLineMessage, type Bubble } from '@/components/broadcast/bubbles';

const text = (t: string): Bubble => ({ ...newBubble('text'), text: t });
const image = (originalContentUrl: string, previewImageUrl = 'https://cdn.example.com/p.jpg'): Bubble =>
  ({ ...newBubble('image'), originalContentUrl, previewImageUrl });
const sticker = (packageId: string, stickerId: string): Bubble => ({ ...newBubble('sticker'), packageId, stickerId });

describe('bubbles', () => {
  it('counts text as LINE does: most emoji are 2, a BMP emoji is 1', () => {
    expect(lineLength('🎉')).toBe(2);
    expect(lineLength('☎')).toBe(1);
    expect(bubbleIssues(text('a'.repeat(5000)))).toEqual({});
    expect(bubbleIssues(text('a'.repeat(4999) + '☎'))).toEqual({});
    expect(bubbleIssues(text('a'.repeat(4999) + '🎉'))).toEqual({ text: { key: 'issue.textTooLong', params: { max: 5000, count: 5001 } } });
    expect(bubbleIssues(text('  \n'))).toEqual({ text: { key: 'issue.textEmpty' } });
  });

  it('names what is wrong with an image URL', () => {
    expect(bubbleIssues(image('https://cdn.example.com/a.jpg'))).toEqual({});
    expect(bubbleIssues(image('')).originalContentUrl?.key).toBe('issue.urlEmpty');
    expect(bubbleIssues(image('http://cdn.example.com/a.jpg')).originalContentUrl?.key).toBe('issue.urlHttps');
    expect(bubbleIssues(image('https://cdn.example.com/a b.jpg')).originalContentUrl?.key).toBe('issue.urlEncode');
    expect(bubbleIssues(image('https://cdn.example.com/画像.jpg')).originalContentUrl?.key).toBe('issue.urlEncode');
    expect(bubbleIssues(image(`https://cdn.example.com/${'a'.repeat(2000)}`)).originalContentUrl?.key).toBe('issue.urlTooLong');
    expect(bubbleIssues(image('https://cdn.example.com/a.jpg', 'ftp://x')).previewImageUrl?.key).toBe('issue.urlHttps');
  });

  it('wants sticker ids as numbers', () => {
    expect(bubbleIssues(sticker('446', '1988'))).toEqual({});
    expect(bubbleIssues(sticker('', '1988'))).toEqual({ packageId: { key: 'issue.packageEmpty' } });
    expect(bubbleIssues(sticker('446', 'smile'))).toEqual({ stickerId: { key: 'issue.stickerNumber' } });
    expect(stickerImageUrl('1988')).toBe('https://stickershop.line-scdn.net/stickershop/v1/sticker/1988/android/sticker.png');
    expect(stickerImageUrl('x')).toBeNull();
  });

  it('agrees with the contract\'s schema (what the sync API enforces) on any bubble', () => {
    const url = fc.oneof(fc.constant(''), fc.webUrl(), fc.webUrl().map((u) => u.replace(/^http:/, 'https:')), fc.string(), fc.string().map((s) => `https://a.jp/${s}`));
    const bubble = fc.oneof(
      fc.string({ maxLength: 60 }).map(text),
      fc.tuple(url, url).map(([a, b]) => image(a, b)),
      fc.tuple(fc.oneof(fc.string(), fc.nat().map(String)), fc.oneof(fc.string(), fc.nat().map(String))).map(([p, s]) => sticker(p, s)),
    );
    fc.assert(fc.property(bubble, (b) => {
      const ok = lineMessageSchema.safeParse(toLineMessage(b)).success;
      expect(Object.keys(bubbleIssues(b)).length === 0).toBe(ok);
    }), { numRuns: 2000 });
  });

  it('moves bubbles without losing any', () => {
    const list = [text('a'), text('b'), text('c')];
    expect(moveBubble(list, 2, 0).map((b) => b.text)).toEqual(['c', 'a', 'b']);
    expect(moveBubble(list, 0, 5).map((b) => b.text)).toEqual(['a', 'b', 'c']);
  });
});
