/**
 * The planner's words, in English and Japanese: verbs of buying and following, service names,
 * HubSpot lifecycle stages, and the filler that carries no condition ("I want to send to…",
 * 「…に配信したい」). All patterns apply to normalized text (lib: text.ts `normalize`).
 */
import type { Language, PlannerCatalog } from './types';

export const BRAND = '(shopify|hubspot|klaviyo|ショッピファイ|ハブスポット|クラビヨ)';
export function brandOf(s: string): 'shopify' | 'hubspot' | 'klaviyo' {
  if (/shopify|ショッピファイ/.test(s)) return 'shopify';
  if (/hubspot|ハブスポット/.test(s)) return 'hubspot';
  return 'klaviyo';
}

/** HubSpot's default lifecycle stages (internal value → labels), as its English and Japanese UIs name them. */
export const STANDARD_STAGES: Record<string, { en: string[]; ja: string[] }> = {
  subscriber: { en: ['subscriber', 'subscribers'], ja: ['サブスクライバー', '購読者'] },
  lead: { en: ['lead', 'leads'], ja: ['リード'] },
  marketingqualifiedlead: { en: ['marketing qualified lead', 'marketing qualified leads', 'mql', 'mqls'], ja: ['マーケティング・クオリファイド・リード', 'マーケティングクオリファイドリード'] },
  salesqualifiedlead: { en: ['sales qualified lead', 'sales qualified leads', 'sql', 'sqls'], ja: ['セールス・クオリファイド・リード', 'セールスクオリファイドリード'] },
  opportunity: { en: ['opportunity', 'opportunities'], ja: ['商談', '商談中'] },
  customer: { en: ['customer', 'customers'], ja: ['顧客'] },
  evangelist: { en: ['evangelist', 'evangelists'], ja: ['エバンジェリスト'] },
  other: { en: ['other'], ja: ['その他'] },
};

/**
 * Words that name a stage but are also everyday words for "the people I want to reach"
 * ("customers who bought…", 「購入した顧客」): they mean the lifecycle stage only next to words
 * like "HubSpot" or "lifecycle stage", or when the goal says nothing else.
 */
export const GENERIC_STAGE_WORDS = new Set(['customer', 'customers', '顧客', 'other', 'その他', 'subscriber', 'subscribers', '購読者']);

export const STAGE_CONTEXT = /lifecycle|life cycle|stage|hubspot|ハブスポット|ライフサイクル|ステージ/;

/** The label of a lifecycle stage value in a language: the account's label, else HubSpot's default. */
export function stageLabel(value: string, catalog: PlannerCatalog, lang: Language): string {
  const std = STANDARD_STAGES[value];
  if (lang === 'ja' && std) return std.ja[0];
  return catalog.lifecycleStages.find((s) => s.value === value)?.label
    ?? (std ? std.en[0].replace(/^./, (c) => c.toUpperCase()) : value);
}

// ---- buying ------------------------------------------------------------------------------------

/** Buying, as a verb or as the people who did it. */
export const PURCHASE_EN = "\\b((?:(?:last|latest|most recent|previous)\\s+)?(?:purchases?|orders?)|bought|buy(?:s|ing)?|purchas(?:e|ed|es|ing)|purchasers?|buyers?|made (?:a |any |an )?(?:purchases?|orders?)|placed (?:a |an |any )?orders?|ordered|orders?|shopped)\\b";
export const PURCHASE_JA = '((?:最終|最後の|前回の?)?購入(?:した|して|し|済み|者|歴|履歴|経験|日)?|お?買い?物(?:した|して|し)?|買(?:った|って|う|い)|お買い上げ|注文(?:した|して|し)?)';
/** Negation in front of an English verb: "haven't bought", "never ordered", "no purchases". */
export const NEG_BEFORE_EN = "\\b(?:haven't|have not|hasn't|has not|didn't|did not|don't|do not|doesn't|does not|not|never|no|without|zero)\\s+(?:(?:yet|ever|any|anything|made|make|a|an|placed|place|been|bought|purchased)\\s+)*$";
/** Negation after a Japanese verb: 「購入していない」「購入がない」「購入なし」. */
export const NEG_AFTER_JA = '^(?:した|して|し)?(?:こと|事|経験|履歴)?(?:が|は|も)?\\s*(?:ていない|てない|いない|ていません|ありません|しない|しなかった|していなかった|していない|してない|がない|が無い|のない|の無い|ない|無い|なし|無し|されていない)';

// ---- following ---------------------------------------------------------------------------------

export const FRIEND_EN = "\\b(added (?:us |our account )?(?:as (?:a )?friends?)?|friend added|joined|follow(?:ed|s)? us|followed|became (?:a |our )?friends?|friended|signed up|registered|subscribed|opted[- ]in)";
export const FRIEND_JA = '(友(?:だち|達)(?:追加|登録|になった|になって|になり)(?:した|して|し|された|日)?|(?:追加|登録|フォロー)(?:した|された|して|し|日)?)';
/** Nouns for followers: only a period right in front makes them a condition ("new friends", 「新しい友だち」). */
export const FRIEND_NOUN_EN = '\\b(friends?|followers?|fans?)\\b';
export const FRIEND_NOUN_JA = '(友(?:だち|達)|フォロワー|ファン)';

// ---- filler ------------------------------------------------------------------------------------

/** English words that carry no condition. */
export const FILLER_EN = new Set(`
i i'd i'm im we we'd we're want wanna would like love need to send sending sent broadcast broadcasting message messages
messaging reach reaching target targeting notify email mail push a an the who whom that which those these them they their
there have has had having are is be been were was being with and of in on for our my us me all friends friend people
persons person customers customer users user followers follower audience audiences segment segments everyone everybody
anyone someone somebody did do does please let's lets it its at by from so just only also any some something anything
items item products product stuff shop store line official account contacts contact members member clients client
as yet ever both either but plus who've who's whose already now currently still 's promo promotion campaign
campaigns coupon coupons offer offers deal deals sale news newsletter info information about can could should will
get gets make create build find show list me them here group one ones kind type sort like such than then
hello hi hey thanks thank you your you're you maybe perhaps really very more most
shopper shoppers tag tags tagged list lists label labels named called subscriber subscribers live lives living based located reside resides residing
`.trim().split(/\s+/));

/** What may stand at the edges of a not-understood Japanese fragment without being part of it. */
export const JA_EDGE_START = ['があって', 'あって', 'かつ', 'そして', 'で', '、', 'が', 'の', 'に', 'は', 'を', 'と', 'も', 'し'];
export const JA_EDGE_END = ['に配信したい', '配信したい', 'に送りたい', 'お客様', 'お客さま', '顧客', '友だち', '友達', 'ユーザー', 'たち', '達', '人', '方', '者', 'さん', '様', 'の', '、'];

/**
 * Japanese filler, longest first: requests, polite forms, particles, people. Removed from the
 * leftovers before deciding whether something was not understood.
 */
export const FILLER_JA = [
  'お願いします', 'お願い', 'ください', '下さい', 'したいです', 'したい', 'たいです', 'たい',
  '配信したい', '配信', '送信', '送りたい', '送る', '届けたい', '届ける', 'メッセージ', 'セグメント', '作成', '作って', '作りたい',
  'を対象に', '対象に', '対象', '向けに', '向け', 'に対して', 'について', 'として', 'の中で', 'の中', 'のうち', 'うち', 'のみ', 'だけ',
  'お客様', 'お客さま', 'お客', '顧客', 'カスタマー', '友だち', '友達', 'ユーザー', 'ユーザ', '会員', 'フォロワー', 'ファン',
  'みなさん', '皆さん', '皆様', '人たち', '人達', '方々', 'たち', '達', '全員', 'すべての', '全ての', 'みんな', '人', '方', '者', '様', 'さん',
  '一度も', '一回も', 'まだ', 'いまだに', 'これまで', '今まで', 'これまでに', '今までに', '私', '弊社', '当店', 'うちの', '今回', 'ぜひ', 'まず', 'です', 'ます', 'でした', 'ました', 'している', 'してる', 'いる', 'いた', 'ある', 'あり',
  'になった', 'なった', 'なる', 'された', 'される', 'した', 'して', 'する', 'し', 'こと', 'もの', 'かつ', 'および', '及び', 'そして',
  'それから', 'さらに', 'また', 'でも', 'けど', 'ような', 'ように', 'など', 'とか', 'あと', '中',
  '入っている', '入ってる', '登録されている', '登録している', '含まれている', '含まれる', '所属している', '属している',
  '経過した', '経過している', '経過', '経った', '付いていて', 'ついていて', '持っていて', '入っていて', '登録されていて', '住んでいる', '住んでる', '住む', '在住', 'タグ', 'リスト', 'あって', 'ていて', 'でいて', '両方', 'どちらも', 'いずれか', 'どちらか', '持つ', '持っている', '持ってる', 'ついている', '付いている', 'ついた', '付いた', '付与された',
  'から', 'まで', 'より', 'に', 'へ', 'を', 'が', 'は', 'の', 'と', 'で', 'も', 'や', 'か', 'ね', 'よ', 'な', 'て', 'た', 'だ',
].sort((a, b) => b.length - a.length);
