/** The answer's language from Accept-Language: Japanese when the caller prefers it, else English. */
export type Lang = 'en' | 'ja';

export function languageOf(acceptLanguage: string | undefined | null): Lang {
  if (!acceptLanguage) return 'en';
  let best: { lang: Lang; q: number } | null = null;
  for (const part of acceptLanguage.split(',')) {
    const [tag, ...params] = part.trim().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!tag || !Number.isFinite(q) || q <= 0) continue;
    const lang: Lang = /^ja(-|$)/i.test(tag.trim()) ? 'ja' : 'en';
    if (!best || q > best.q) best = { lang, q };
  }
  return best?.lang ?? 'en';
}
