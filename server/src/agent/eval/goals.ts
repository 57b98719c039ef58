/**
 * The agent's evaluation set: goals as marketers type them into the agent box — half in Japanese,
 * with typos, polite forms, mixed scripts, exceptions, "or" between audiences and relative dates —
 * each with the audience it means on the evaluation account (account.ts). Written for what the
 * marketer means, not for what the planner reads: a goal the planner gets wrong stays here and is
 * reported as failing.
 *
 * Conventions (what Auto mode says it assumes): "recently" / 「最近」 is 30 days, a "new" friend
 * joined in the last 30 days, "dormant" is more than 90 days since the last purchase, "loyal" /
 * 「優良」 is 5 purchases or more. "This month" is June 2026 so far (today is Monday 2026-06-15).
 * "Everyone except X" is every friend (blocked ones are never members) minus X, whatever data
 * they lack: a friend not linked to Shopify is someone who has not bought, a friend with no city
 * is not "in Tokyo".
 */
import type { Audience, EvalGoal, EvalGroup } from './judge';
import {
  addedAfter, addedBefore, addedBetween, addedMoreThan, addedOn, addedWithin, cart, city, everyoneBut, hubList,
  integrated, klaviyoList, lastBought, minus, noCart, notIntegrated, or, purchases, sel, shopTag, stage, tag, tier,
} from './judge';

const goals: EvalGoal[] = [];
const add = (group: EvalGroup, lang: 'en' | 'ja') => (goal: string, expect: Audience) => goals.push({ group, lang, goal, expect });

const VIP = sel(tag('VIP'));
const bought = sel(purchases('gte', 1));

// ---- exceptions --------------------------------------------------------------------------------
{
  const en = add('exceptions', 'en');
  en('everyone except friends tagged Newsletter', everyoneBut(sel(tag('Newsletter'))));
  en('all friends excluding VIP', everyoneBut(VIP));
  en('friends other than VIP members', everyoneBut(VIP));
  en('Apart from VIPs, everyone please', everyoneBut(VIP));
  en('VIP but not ゴールド会員', minus(VIP, sel(tag('ゴールド会員'))));
  en('everyone but not the ones tagged セール好き', everyoneBut(sel(tag('セール好き'))));
  en('repeat customers except wholesale accounts', minus(sel(purchases('gte', 2)), sel(shopTag('wholesale'))));
  en('friends not tagged クーポン利用', everyoneBut(sel(tag('クーポン利用'))));
  en('everyone without the メルマガ登録 tag', everyoneBut(sel(tag('メルマガ登録'))));
  en('everyone except people who joined in the last 30 days', everyoneBut(sel(addedWithin(30))));
  en('everyone except those who bought in the last 30 days', everyoneBut(sel(lastBought('lte', 30))));
  en('friends who are not in the Webinar attendees list', everyoneBut(sel(hubList('Webinar attendees'))));
  en('everyone excluding the Email newsletter list', everyoneBut(sel(klaviyoList('Email newsletter'))));
  en("friends who aren't linked to Shopify", sel(notIntegrated('shopify')));
  en('friends without a HubSpot record', sel(notIntegrated('hubspot')));
  en('friends who have never bought anything', everyoneBut(bought));
  en('people who never abandoned a cart', everyoneBut(sel(cart)));
  en("Shopify customers who didn't abandon their cart", sel(integrated('shopify'), noCart));
  en('friends not in Tokyo', everyoneBut(sel(city('Tokyo'))));
  en('HubSpot contacts whose lifecycle stage is not customer', minus(sel(integrated('hubspot')), sel(stage('customer'))));
  en('everyone except leads', everyoneBut(sel(stage('lead'))));
  en('VIPs except the ones who bought in the last 90 days', minus(VIP, sel(lastBought('lte', 90))));
  en('everyone except VIP and ゴールド会員', everyoneBut(or(VIP, sel(tag('ゴールド会員')))));
  en('customers who bought this month but not those tagged VIP', minus(sel(lastBought('lte', 14)), VIP));
  en('Wholesale customers excluding anyone in the SMS subscribers list', minus(sel(shopTag('Wholesale')), sel(klaviyoList('SMS subscribers'))));
  en('all my followers except the ones who were added before 2025', everyoneBut(sel(addedBefore('2025-01-01'))));
  en('send to everybody except Klaviyo profiles', sel(notIntegrated('klaviyo')));
  en('everyone apart from those with 5 or more purchases', everyoneBut(sel(purchases('gte', 5))));
  en('friends other than the ones tagged ｷｬﾝﾍﾟｰﾝ参加', everyoneBut(sel(tag('ｷｬﾝﾍﾟｰﾝ参加'))));
  en('exept VIP, all friends', everyoneBut(VIP));
  en('friends who are not VIP and bought recently', minus(sel(lastBought('lte', 30)), VIP));

  const ja = add('exceptions', 'ja');
  ja('Newsletterタグの人以外の全員', everyoneBut(sel(tag('Newsletter'))));
  ja('VIPを除く全員', everyoneBut(VIP));
  ja('VIP以外の友だち', everyoneBut(VIP));
  ja('VIPを除外して配信したいです', everyoneBut(VIP));
  ja('VIPだけどゴールド会員ではない人', minus(VIP, sel(tag('ゴールド会員'))));
  ja('セール好きタグが付いていない人', everyoneBut(sel(tag('セール好き'))));
  ja('リピーターのうち、wholesaleの顧客を除く', minus(sel(purchases('gte', 2)), sel(shopTag('wholesale'))));
  ja('クーポン利用タグがない友だち', everyoneBut(sel(tag('クーポン利用'))));
  ja('メルマガ登録していない人', everyoneBut(sel(tag('メルマガ登録'))));
  ja('過去30日以内に友だち追加した人を除く全員', everyoneBut(sel(addedWithin(30))));
  ja('最近30日で購入した人以外', everyoneBut(sel(lastBought('lte', 30))));
  ja('Webinar attendeesリストに入っていない人', everyoneBut(sel(hubList('Webinar attendees'))));
  ja('Email newsletterリストの人は除外してください', everyoneBut(sel(klaviyoList('Email newsletter'))));
  ja('Shopifyと連携していない友だち', sel(notIntegrated('shopify')));
  ja('HubSpotに登録されていない人', sel(notIntegrated('hubspot')));
  ja('まだ一度も購入していない友だち', everyoneBut(bought));
  ja('カゴ落ちしたことがない人', everyoneBut(sel(cart)));
  ja('Shopifyのお客様でカゴ落ちしていない人', sel(integrated('shopify'), noCart));
  ja('Tokyo以外のお客様', everyoneBut(sel(city('Tokyo'))));
  ja('ライフサイクルステージが顧客ではないHubSpotの連絡先', minus(sel(integrated('hubspot')), sel(stage('customer'))));
  ja('リード以外の全員', everyoneBut(sel(stage('lead'))));
  ja('VIPのうち、過去90日以内に購入した人を除く', minus(VIP, sel(lastBought('lte', 90))));
  ja('VIPとゴールド会員を除いた全員', everyoneBut(or(VIP, sel(tag('ゴールド会員')))));
  ja('今月購入した人のうちVIPではない人', minus(sel(lastBought('lte', 14)), VIP));
  ja('Wholesaleタグのお客様でSMS subscribersリストに入っていない人', minus(sel(shopTag('Wholesale')), sel(klaviyoList('SMS subscribers'))));
  ja('2025年より前に友だち追加した人以外', everyoneBut(sel(addedBefore('2025-01-01'))));
  ja('Klaviyo未連携の友だち', sel(notIntegrated('klaviyo')));
  ja('5回以上購入した人を除いて配信', everyoneBut(sel(purchases('gte', 5))));
  ja('ｷｬﾝﾍﾟｰﾝ参加タグ以外の方々', everyoneBut(sel(tag('ｷｬﾝﾍﾟｰﾝ参加'))));
  ja('未購入の友だち', everyoneBut(bought));
  ja('VIPではなく、最近購入した人', minus(sel(lastBought('lte', 30)), VIP));
}

// ---- names as the account writes them ----------------------------------------------------------
{
  const en = add('names', 'en');
  en('friends tagged ＶＩＰ', sel(tag('ＶＩＰ')));
  en('friends tagged vip', sel(tag('VIP', 'ＶＩＰ')));
  en('Shopify customers tagged wholesale', sel(shopTag('wholesale')));
  en('customers with the Shopify tag WHOLESALE', sel(shopTag('wholesale', 'Wholesale')));
  en('people tagged Sample', sel(tag('Sample')));
  en('friends with the SAMPLE tag', sel(tag('Sample', 'sample')));
  en('everyone tagged キャンペーン参加', sel(tag('ｷｬﾝﾍﾟｰﾝ参加')));
  en('friends with the newsletter tag', sel(tag('Newsletter')));
  en('people in the webinar attendees list', sel(hubList('Webinar attendees')));
  en('contacts on the sms subscribers list', sel(klaviyoList('SMS subscribers')));
  en('customers whose city is tokyo', sel(city('Tokyo')));
  en('gold tier members', sel(tier('Gold')));
  en('friends tagged ｺﾞｰﾙﾄﾞ会員', sel(tag('ゴールド会員')));
  en('Ｎｅｗｓｌｅｔｔｅｒ subscribers list members', sel(hubList('Newsletter subscribers')));
  en('people on the back in stock list', sel(klaviyoList('Back in stock')));
  en('customers with the Shopify tag Gift-Card', sel(shopTag('gift-card')));
  en('VIP friends', VIP);
  en('Marketing Qualified Leads', sel(stage('marketingqualifiedlead')));

  const ja = add('names', 'ja');
  ja('ＶＩＰタグが付いている友だち', sel(tag('ＶＩＰ')));
  ja('vipタグの人', sel(tag('VIP', 'ＶＩＰ')));
  ja('Shopifyのタグがwholesaleのお客様', sel(shopTag('wholesale')));
  ja('ShopifyでWHOLESALEタグの顧客', sel(shopTag('wholesale', 'Wholesale')));
  ja('Sampleタグの人', sel(tag('Sample')));
  ja('ＳＡＭＰＬＥタグが付いた友だち', sel(tag('Sample', 'sample')));
  ja('キャンペーン参加タグのお客様', sel(tag('ｷｬﾝﾍﾟｰﾝ参加')));
  ja('ｷｬﾝﾍﾟｰﾝ参加の人', sel(tag('ｷｬﾝﾍﾟｰﾝ参加')));
  ja('ｺﾞｰﾙﾄﾞ会員の方', sel(tag('ゴールド会員')));
  ja('メルマガ登録済みの友だち', sel(tag('メルマガ登録')));
  ja('展示会リードのリストに入っている人', sel(hubList('展示会リード')));
  ja('back in stockリストの人', sel(klaviyoList('Back in stock')));
  ja('CityがtokyoのHubSpotコンタクト', sel(city('Tokyo')));
  ja('TierがSilverの人', sel(tier('Silver')));
  ja('newsletterタグのお客様', sel(tag('Newsletter')));
  ja('webinar attendeesリストのメンバー', sel(hubList('Webinar attendees')));
  ja('VIP会員の皆さま', VIP);
  ja('エバンジェリストの人', sel(stage('evangelist')));
}

// ---- dates -------------------------------------------------------------------------------------
{
  const en = add('dates', 'en');
  en('friends who joined in the last 7 days', sel(addedWithin(7)));
  en('new friends from this week', sel(addedBetween('2026-06-15', '2026-06-21')));
  en('people who added us last month', sel(addedBetween('2026-05-01', '2026-05-31')));
  en('friends added before Jan 1 2026', sel(addedBefore('2026-01-01')));
  en('friends who joined since April', sel(addedAfter('2026-03-31')));
  en('friends added between March 1 and March 31', sel(addedBetween('2026-03-01', '2026-03-31')));
  en('followers who joined more than a year ago', sel(addedMoreThan(365)));
  en('friends added in 2025', sel(addedBetween('2025-01-01', '2025-12-31')));
  en('friends who became friends in the past 3 months', sel(addedWithin(90)));
  en('customers who bought yesterday', sel(lastBought('eq', 1)));
  en('customers who purchased last week', sel(lastBought('between', [1, 7])));
  en('people who bought in May', sel(lastBought('between', [15, 45])));
  en('friends added on 2026-06-01', sel(addedOn('2026-06-01')));
  en('friends who joined within the last 2 weeks and bought something', sel(addedWithin(14), purchases('gte', 1)));
  en('friends who joined in the past month', sel(addedWithin(30)));
  en('customers whose last order was over 6 months ago', sel(lastBought('gt', 180)));
  en('fans who followed us this year', sel(addedAfter('2025-12-31')));
  en('friends added after May 15', sel(addedAfter('2026-05-15')));
  en('recently added friends', sel(addedWithin(30)));
  en('friends added 3 days ago', sel(addedOn('2026-06-12')));

  const ja = add('dates', 'ja');
  ja('過去7日以内に友だち追加した人', sel(addedWithin(7)));
  ja('今週友だちになった方', sel(addedBetween('2026-06-15', '2026-06-21')));
  ja('先月友だち追加してくれた人', sel(addedBetween('2026-05-01', '2026-05-31')));
  ja('2026年1月1日より前に友だち登録した人', sel(addedBefore('2026-01-01')));
  ja('4月以降に友だち追加した友だち', sel(addedAfter('2026-03-31')));
  ja('2025年に友達になった人', sel(addedBetween('2025-01-01', '2025-12-31')));
  ja('1年以上前に友だち追加した人', sel(addedMoreThan(364)));
  ja('ここ3ヶ月で友だち追加した人', sel(addedWithin(90)));
  ja('昨日購入したお客様', sel(lastBought('eq', 1)));
  ja('先週購入した人', sel(lastBought('between', [1, 7])));
  ja('5月に購入したお客様', sel(lastBought('between', [15, 45])));
  ja('2026/06/01に友だち追加した人', sel(addedOn('2026-06-01')));
  ja('直近2週間で友だち追加して、購入もしている人', sel(addedWithin(14), purchases('gte', 1)));
  ja('最終購入が半年以上前のお客様', sel(lastBought('gte', 180)));
  ja('今年友だち追加した人', sel(addedAfter('2025-12-31')));
  ja('5月15日以降に友だち追加した人', sel(addedAfter('2026-05-14')));
  ja('最近友だちになった人', sel(addedWithin(30)));
  ja('3日前に友だち追加した人', sel(addedOn('2026-06-12')));
  ja('友だち追加から1週間以内の人', sel(addedWithin(7)));
  ja('2026年3月に友だち追加した人', sel(addedBetween('2026-03-01', '2026-03-31')));
}

// ---- purchases ---------------------------------------------------------------------------------
{
  const en = add('purchases', 'en');
  en('customers who bought at least 3 times', sel(purchases('gte', 3)));
  en('people with more than 10 orders', sel(purchases('gt', 10)));
  en('buyers with 2-4 purchases', sel(purchases('between', [2, 4])));
  en('customers who have only bought once', sel(purchases('eq', 1)));
  en('repeat buyers', sel(purchases('gte', 2)));
  en('first time customers', sel(purchases('eq', 1)));
  en('customers who made a purchase in the last 14 days', sel(lastBought('lte', 14)));
  en("customers who haven't purchased in 60 days", sel(lastBought('gt', 60)));
  en('dormant customers', sel(lastBought('gt', 90)));
  en('loyal customers', sel(purchases('gte', 5)));
  en('customers who bought within the past 3 months at least twice', sel(lastBought('lte', 90), purchases('gte', 2)));
  en('shoppers who abandoned their carts', sel(cart));
  en('people who left items in their cart', sel(cart));
  en('customers with 5 or more purchases who abandoned a cart', sel(purchases('gte', 5), cart));
  en('custmers who purchsed in the last 30 days', sel(lastBought('lte', 30)));
  en('customers who have placed at least one order', sel(purchases('gte', 1)));
  en('friends who have bought something', sel(purchases('gte', 1)));
  en('people whose last purchase was more than 1 year ago', sel(lastBought('gt', 365)));
  en('customers with exactly 3 orders', sel(purchases('eq', 3)));
  en('anyone who bought 10+ times', sel(purchases('gte', 10)));

  const ja = add('purchases', 'ja');
  ja('3回以上購入したお客様', sel(purchases('gte', 3)));
  ja('購入回数が10回を超えるお客様', sel(purchases('gt', 10)));
  ja('2〜4回購入した人', sel(purchases('between', [2, 4])));
  ja('1回だけ購入した人', sel(purchases('eq', 1)));
  ja('リピーターのお客様', sel(purchases('gte', 2)));
  ja('初回購入のお客様', sel(purchases('eq', 1)));
  ja('過去14日以内に購入した人', sel(lastBought('lte', 14)));
  ja('60日以上購入がないお客様', sel(lastBought('gte', 60)));
  ja('休眠顧客', sel(lastBought('gt', 90)));
  ja('優良顧客', sel(purchases('gte', 5)));
  ja('3ヶ月以内に2回以上購入したお客様', sel(lastBought('lte', 90), purchases('gte', 2)));
  ja('カゴ落ちしたお客様', sel(cart));
  ja('カートに商品を入れたまま購入していない人', sel(cart));
  ja('5回以上購入していてカゴ落ちしている人', sel(purchases('gte', 5), cart));
  ja('過去30日いないに購入した人', sel(lastBought('lte', 30)));
  ja('一度でも購入したことがある人', sel(purchases('gte', 1)));
  ja('お買い物をしたことがあるお客様', sel(purchases('gte', 1)));
  ja('最終購入が1年以上前の人', sel(lastBought('gte', 365)));
  ja('購入回数がちょうど3回のお客様', sel(purchases('eq', 3)));
  ja('10回以上お買い上げいただいたお客様', sel(purchases('gte', 10)));
}

// ---- "or" between audiences --------------------------------------------------------------------
{
  const en = add('or-groups', 'en');
  en('VIP or ゴールド会員', or(VIP, sel(tag('ゴールド会員'))));
  en('friends tagged セール好き or customers who abandoned their cart', or(sel(tag('セール好き')), sel(cart)));
  en('new friends or people who bought in the last 7 days', or(sel(addedWithin(30)), sel(lastBought('lte', 7))));
  en('leads or opportunities in HubSpot', or(sel(stage('lead')), sel(stage('opportunity'))));
  en('customers in Tokyo or Osaka', or(sel(city('Tokyo')), sel(city('Osaka'))));
  en('people on the SMS subscribers list or the Email newsletter list', or(sel(klaviyoList('SMS subscribers')), sel(klaviyoList('Email newsletter'))));
  en('VIPs who bought this month, or anyone with 10+ orders', or(sel(tag('VIP'), lastBought('lte', 14)), sel(purchases('gte', 10))));
  en('first-time buyers or repeat buyers who are dormant', or(sel(purchases('eq', 1)), sel(purchases('gte', 2), lastBought('gt', 90))));
  en('friends tagged 店舗来店 or クーポン利用', or(sel(tag('店舗来店')), sel(tag('クーポン利用'))));
  en('either wholesale customers or those tagged VIP', or(sel(shopTag('wholesale')), VIP));
  en('people who joined this week or last week', or(sel(addedBetween('2026-06-15', '2026-06-21')), sel(addedBetween('2026-06-08', '2026-06-14'))));
  en('Gold tier or Silver tier', or(sel(tier('Gold')), sel(tier('Silver'))));
  en("customers who abandoned a cart, or who haven't bought in 90 days", or(sel(cart), sel(lastBought('gt', 90))));
  en('friends not linked to Shopify or without a purchase', everyoneBut(bought));
  en('subscribers or leads', or(sel(stage('subscriber')), sel(stage('lead'))));
  en('people in the Webinar attendees list or the 展示会リード list', or(sel(hubList('Webinar attendees')), sel(hubList('展示会リード'))));
  en('誕生日月 or アンケート回答 friends', or(sel(tag('誕生日月')), sel(tag('アンケート回答'))));
  en('VIP customers or Gold tier Klaviyo profiles', or(VIP, sel(tier('Gold'))));

  const ja = add('or-groups', 'ja');
  ja('VIPまたはゴールド会員の人', or(VIP, sel(tag('ゴールド会員'))));
  ja('セール好きタグの人か、カゴ落ちした人', or(sel(tag('セール好き')), sel(cart)));
  ja('新しい友だち、または過去7日以内に購入した人', or(sel(addedWithin(30)), sel(lastBought('lte', 7))));
  ja('リードもしくは商談中のHubSpotコンタクト', or(sel(stage('lead')), sel(stage('opportunity'))));
  ja('TokyoかOsakaのお客様', or(sel(city('Tokyo')), sel(city('Osaka'))));
  ja('SMS subscribersリストかEmail newsletterリストに登録している人', or(sel(klaviyoList('SMS subscribers')), sel(klaviyoList('Email newsletter'))));
  ja('今月購入したVIP、または10回以上購入した人', or(sel(tag('VIP'), lastBought('lte', 14)), sel(purchases('gte', 10))));
  ja('初回購入者、あるいは休眠しているリピーター', or(sel(purchases('eq', 1)), sel(purchases('gte', 2), lastBought('gt', 90))));
  ja('店舗来店またはクーポン利用のタグが付いている人', or(sel(tag('店舗来店')), sel(tag('クーポン利用'))));
  ja('wholesaleの顧客かVIPタグの友だち', or(sel(shopTag('wholesale')), VIP));
  ja('今週か先週に友だち追加した人', or(sel(addedBetween('2026-06-15', '2026-06-21')), sel(addedBetween('2026-06-08', '2026-06-14'))));
  ja('TierがGoldまたはSilverの人', or(sel(tier('Gold')), sel(tier('Silver'))));
  ja('カゴ落ちした人または90日以上購入していない人', or(sel(cart), sel(lastBought('gte', 90))));
  ja('Shopify未連携の人、または購入したことがない人', everyoneBut(bought));
  ja('サブスクライバーかリードの人', or(sel(stage('subscriber')), sel(stage('lead'))));
  ja('Webinar attendeesリストまたは展示会リードリストの人', or(sel(hubList('Webinar attendees')), sel(hubList('展示会リード'))));
  ja('誕生日月かアンケート回答のタグがある友だち', or(sel(tag('誕生日月')), sel(tag('アンケート回答'))));
  ja('VIPのお客様、またはKlaviyoのTierがGoldの人', or(VIP, sel(tier('Gold'))));
}

export const EVAL_GOALS: readonly EvalGoal[] = goals;
