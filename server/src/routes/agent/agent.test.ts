/**
 * POST …/agent/suggest over real stores: the built-in planner's suggestion with its count from
 * the engine, Consult mode's questions and answers, bad input as 4xx with field paths, and the
 * optional model — a local OpenAI-compatible fake — trusted only when its answer is valid over the
 * account's catalog, the planner answering on anything else.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachStore } from '../../../test/stores';
import { manualClock, useTestApp, type TestApp } from '../../../test/app';
import { replaceServiceLists } from '../../integrations/repository';
import { suggestSegment } from '../../agent/service';
import { agentSuggestionSchema } from '../../../../lib/contract/api';

// "Today" is 2026-06-15, 12:00 in Tokyo.
const NOW = Date.parse('2026-06-15T03:00:00Z');
const uid = (n: number) => `U${n.toString(16).padStart(32, '0')}`;

const FRIENDS = [
  { lineUserId: uid(1), displayName: 'Aoi', addedAt: '2026-06-10T03:00:00Z', tags: ['VIP'],
    shopify: { customerId: 'gid://shopify/Customer/1', tags: ['wholesale'], purchaseCount: 6, lastPurchaseAt: '2026-06-12T03:00:00Z', abandonedCart: false },
    hubspot: { contactId: '901', lists: ['12'], properties: { lifecyclestage: 'customer' } } },
  { lineUserId: uid(2), displayName: 'Ben', addedAt: '2026-01-05T03:00:00Z', tags: ['VIP'],
    shopify: { customerId: 'gid://shopify/Customer/2', tags: ['Wholesale'], purchaseCount: 1, lastPurchaseAt: '2026-05-01T03:00:00Z', abandonedCart: true } },
  { lineUserId: uid(3), displayName: 'Chie', addedAt: null, tags: [] },
  { lineUserId: uid(4), displayName: 'Dan', addedAt: '2026-06-01T03:00:00Z', tags: ['セール好き'],
    shopify: { customerId: 'gid://shopify/Customer/4', tags: [], purchaseCount: 0, lastPurchaseAt: null, abandonedCart: true },
    hubspot: { contactId: '904', lists: [], properties: { lifecyclestage: 'lead' } } },
  { lineUserId: uid(5), displayName: 'Gen', addedAt: '2026-04-01T03:00:00Z', tags: [],
    shopify: { customerId: 'gid://shopify/Customer/5', tags: ['wholesale'], purchaseCount: 3, lastPurchaseAt: '2026-06-14T03:00:00Z', abandonedCart: false } },
];

async function seedAccount(t: TestApp, ctx: { store: { db: any; dialect: any } }) {
  const account = await t.account();
  const res = await t.request('POST', `${account.base}/friends/import`, {
    token: account.token, body: FRIENDS.map((f) => JSON.stringify(f)).join('\n'), headers: { 'content-type': 'application/x-ndjson' },
  });
  expect(res.status).toBe(200);
  await replaceServiceLists(ctx.store.db, ctx.store.dialect, account.id, 'hubspot', [{ id: '12', name: 'Newsletter' }]);
  return account;
}

// ---- a fake OpenAI-compatible endpoint ---------------------------------------------------------

interface Seen { path: string; authorization?: string; body: any }
type Answer = (request: any) => { status?: number; body: string; delayMs?: number };

function fakeModel() {
  const seen: Seen[] = [];
  let answer: Answer = () => ({ body: '{}' });
  let server: Server;
  const state = {
    url: '',
    seen,
    answer(a: Answer) { answer = a; },
    async start() {
      server = createServer(async (req: IncomingMessage, res) => {
        let raw = '';
        for await (const chunk of req) raw += chunk;
        const body = JSON.parse(raw);
        seen.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
        const a = answer(body);
        if (a.delayMs) await new Promise((r) => setTimeout(r, a.delayMs));
        if (res.destroyed) return;
        res.writeHead(a.status ?? 200, { 'content-type': 'application/json' });
        res.end(a.body);
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    },
    stop: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
  return state;
}

/** A chat completion whose message content is `content`. */
const completion = (content: string) => JSON.stringify({
  id: 'chatcmpl-1', object: 'chat.completion', created: 0, model: 'fake-model',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
});

/** The last time the agent said its model failed. */
const lastFallback = (t: TestApp) => t.logger.entries.filter((e) => e.msg.startsWith('agent: the model failed')).at(-1);

/** The catalog the server put in the prompt (the fake reads tag ids from it, as a model would). */
function promptCatalog(request: any): { tags: { id: string; name: string }[] } {
  const system: string = request.messages.find((m: { role: string }) => m.role === 'system').content;
  return JSON.parse(/The account's catalog: (\{.*\})/.exec(system)![1]);
}

// ---- the built-in planner ----------------------------------------------------------------------

forEachStore('agent suggest (built-in planner)', (ctx) => {
  const t = useTestApp(ctx, { clock: manualClock(NOW) });
  let account: { id: string; token: string; base: string };
  beforeAll(async () => { account = await seedAccount(t, ctx); });
  const suggest = (json: unknown, token = account.token) => t.json('POST', `${account.base}/agent/suggest`, { token, json });

  it('suggests the seed example with its count and says what "recently" was taken to mean', async () => {
    const r = await suggest({ goal: 'I want to broadcast to customers who recently made a purchase', mode: 'auto' });
    expect(r.status).toBe(200);
    expect(agentSuggestionSchema.parse(r.body)).toBeTruthy();
    expect(r.body).toMatchObject({
      source: 'planner', language: 'en', name: 'Purchased in the last 30 days', count: 2,
      definition: { groups: [{ conditions: [{ property: 'shopify.days_since_last_purchase', operator: 'lte', value: 30 }] }] },
    });
    expect(r.body.explanation).toContain('"recently" as the last 30 days');
    expect(r.body.questions).toBeUndefined();
  });

  it('asks first in Consult mode, then suggests with the answer sent back in the draft', async () => {
    const first = await suggest({ goal: '最近購入したお客様', mode: 'consult' });
    expect(first.status).toBe(200);
    expect(first.body.definition).toBeUndefined();
    expect(first.body.count).toBeUndefined();
    expect(first.body.questions).toEqual([expect.objectContaining({ id: 'purchase_recency', choices: expect.arrayContaining([{ label: '過去90日間', value: '90' }]) })]);
    const second = await suggest({ goal: '最近購入したお客様', mode: 'consult', draft: { answers: { ...first.body.draft.answers, purchase_recency: '90' } } });
    expect(second.body).toMatchObject({ source: 'planner', language: 'ja', count: 3, name: '過去90日以内に購入' });
    expect(second.body.draft).toEqual({ answers: { purchase_recency: '90' } });
  });

  it('reads the account\'s own tag and list names', async () => {
    const ja = await suggest({ goal: 'VIPタグがあってカゴ落ちした人', mode: 'auto' });
    expect(ja.body.count).toBe(1);
    const list = await suggest({ goal: 'friends in the Newsletter list', mode: 'auto' });
    expect(list.body.definition.groups[0].conditions).toEqual([{ property: 'hubspot.list', operator: 'contains_any', value: ['12'] }]);
    expect(list.body.count).toBe(1);
    const stage = await suggest({ goal: 'HubSpot leads or customers', mode: 'auto' });
    expect(stage.body.count).toBe(2);
  });

  it('leaves out what an exception names, counted, and quotes the words it read so', async () => {
    const en = await suggest({ goal: 'everyone except friends tagged VIP', mode: 'auto' });
    expect(en.body.definition.groups).toEqual([{ conditions: [{ property: 'tag', operator: 'contains_none', value: [expect.any(String)] }] }]);
    expect(en.body.count).toBe(3);
    expect(en.body.explanation).toContain('I read "except friends tagged VIP" as an exception');
    const ja = await suggest({ goal: 'VIPタグの人以外で、まだ購入していない友だち', mode: 'auto' });
    // Chie (no Shopify) and Dan (no orders); Aoi and Ben are VIPs, Gen has bought.
    expect(ja.body.count).toBe(2);
    expect(ja.body.explanation).toContain('を除外の条件として読みました');
  });

  it('asks which of the Shopify tags that differ only by case, with each one\'s count from the catalog', async () => {
    const ask = await suggest({ goal: 'Shopify customers tagged WHOLESALE', mode: 'consult' });
    expect(ask.body.definition).toBeUndefined();
    expect(ask.body.questions).toEqual([{
      id: 'variant:wholesale', text: expect.stringContaining('Which "WHOLESALE" do you mean?'),
      choices: expect.arrayContaining([
        { label: '"wholesale" (2 friends)', value: 'shopify_tag:::wholesale' },
        { label: '"Wholesale" (1 friend)', value: 'shopify_tag:::Wholesale' },
        { label: 'All of them', value: '*' },
      ]),
    }]);
    const answered = await suggest({ goal: 'Shopify customers tagged WHOLESALE', mode: 'consult', draft: { answers: { 'variant:wholesale': 'shopify_tag:::Wholesale' } } });
    expect(answered.body.count).toBe(1);
    const auto = await suggest({ goal: 'Shopify customers tagged WHOLESALE', mode: 'auto' });
    expect(auto.body.count).toBe(3);
    expect(auto.body.explanation).toContain('I took all of them');
    const exact = await suggest({ goal: 'Shopify customers tagged wholesale', mode: 'consult' });
    expect(exact.body.questions).toBeUndefined();
    expect(exact.body.count).toBe(2);
  });

  it('asks instead of suggesting when a negation was not read as one', async () => {
    const r = await suggest({ goal: "VIP friends who don't play golf", mode: 'auto' });
    expect(r.status).toBe(200);
    expect(r.body.definition).toBeUndefined();
    expect(r.body.count).toBeUndefined();
    expect(r.body.questions.map((q: { id: string }) => q.id)).toContain('exception_check');
  });

  it('says what it did not understand and suggests nothing from it', async () => {
    const r = await suggest({ goal: 'friends tagged Spring', mode: 'auto' });
    expect(r.status).toBe(200);
    expect(r.body.definition).toBeUndefined();
    expect(r.body.explanation).toContain('There is no tag named "Spring" in this account (tags: VIP, セール好き)');
  });

  it('saves nothing', async () => {
    await suggest({ goal: 'repeat customers', mode: 'auto' });
    const segments = await ctx.store.db.selectFrom('segments').select('id').where('account_id', '=', account.id).execute();
    expect(segments).toEqual([]);
  });

  describe('bad input', () => {
    it('names each wrong field', async () => {
      const r = await suggest({ goal: '   ', mode: 'sometimes' });
      expect(r.status).toBe(400);
      expect(r.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['goal', 'mode']);
    });
    it('rejects unknown fields, in the draft too, at their own path', async () => {
      const r = await suggest({ goal: 'VIP', mode: 'auto', draft: { answers: {}, history: [] }, extra: 1 });
      expect(r.status).toBe(400);
      expect(r.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['draft.history', 'extra']);
    });
    it('rejects a goal over 2,000 characters and answers that are not text', async () => {
      const long = await suggest({ goal: 'x'.repeat(2001), mode: 'auto' });
      expect(long.status).toBe(400);
      expect(long.body.error.issues[0].path).toBe('goal');
      const answers = await suggest({ goal: 'recent buyers', mode: 'consult', draft: { answers: { purchase_recency: 30 } } });
      expect(answers.status).toBe(400);
      expect(answers.body.error.issues[0].path).toBe('draft.answers.purchase_recency');
    });
    it('answers 400 for a body that is not JSON, never 500', async () => {
      const r = await t.request('POST', `${account.base}/agent/suggest`, { token: account.token, body: '{goal:', headers: { 'content-type': 'application/json' } });
      expect(r.status).toBe(400);
    });
    it('answers 404 for an account the token does not see', async () => {
      const other = await t.account();
      const r = await suggest({ goal: 'VIP', mode: 'auto' }, other.token);
      expect(r.status).toBe(404);
    });
  });

  it('is listed in the OpenAPI document with its schemas', async () => {
    const r = await t.json('GET', '/v1/openapi.json', { token: null });
    const op = r.body.paths['/v1/accounts/{a}/agent/suggest'].post;
    expect(op.requestBody.content['application/json'].schema.properties.mode).toBeDefined();
    expect(op.responses['200']).toBeDefined();
  });
});

// ---- the optional model ------------------------------------------------------------------------

forEachStore('agent suggest (with a model endpoint)', (ctx) => {
  const model = fakeModel();
  const agent = { url: '', model: 'fake-model', key: 'sk-test-never-logged-0123' };
  // Started before the app is built, so its URL is in the config the app reads.
  beforeAll(async () => { await model.start(); agent.url = model.url; });
  afterAll(() => model.stop());
  const t = useTestApp(ctx, { clock: manualClock(NOW), config: { agent } });
  let account: { id: string; token: string; base: string };
  beforeAll(async () => { account = await seedAccount(t, ctx); });
  const suggest = (json: unknown) => t.json('POST', `${account.base}/agent/suggest`, { token: account.token, json });
  const GOAL = { goal: 'VIP friends', mode: 'auto' };

  it('uses a valid answer from the model, with its count, and says the model answered', async () => {
    model.answer((req) => {
      const vip = promptCatalog(req).tags.find((tag) => tag.name === 'VIP')!;
      return { body: completion(JSON.stringify({
        definition: { groups: [{ conditions: [{ property: 'tag', operator: 'contains_any', value: [vip.id] }] }] },
        name: 'VIP friends', explanation: 'Friends tagged VIP.',
      })) };
    });
    const r = await suggest(GOAL);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ source: 'model', name: 'VIP friends', explanation: 'Friends tagged VIP.', count: 2 });
    const sent = model.seen.at(-1)!;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.authorization).toBe('Bearer sk-test-never-logged-0123');
    expect(sent.body).toMatchObject({ model: 'fake-model', response_format: { type: 'json_object' } });
    expect(sent.body.messages.at(-1)).toEqual({ role: 'user', content: 'Goal: VIP friends' });
  });

  it('falls back to the planner when the model answers invalid JSON', async () => {
    model.answer(() => ({ body: completion('Sure! Here is a segment for VIP friends: {groups: [tag = VIP]}') }));
    const r = await suggest(GOAL);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ source: 'planner', count: 2 });
    expect(r.body.definition.groups[0].conditions[0]).toMatchObject({ property: 'tag', operator: 'contains_any' });
    expect(lastFallback(t)).toMatchObject({ level: 'warn', fields: { reason: 'not_json' } });
  });

  it('falls back when the endpoint does not answer like a chat completion, or fails', async () => {
    model.answer(() => ({ body: '<html>Bad gateway</html>' }));
    expect((await suggest(GOAL)).body.source).toBe('planner');
    model.answer(() => ({ status: 500, body: '{"error":{"message":"overloaded"}}' }));
    expect((await suggest(GOAL)).body.source).toBe('planner');
    expect(lastFallback(t)).toMatchObject({ fields: { reason: 'http' } });
  });

  it('falls back when the model\'s definition breaks the schema or names what the catalog does not have', async () => {
    model.answer(() => ({ body: completion(JSON.stringify({
      definition: { groups: [{ conditions: [{ property: 'tag', operator: 'contains_any', value: ['t_made_up'] }] }] },
      name: 'Made up', explanation: 'A tag that does not exist.',
    })) }));
    const unknownTag = await suggest(GOAL);
    expect(unknownTag.body.source).toBe('planner');
    expect(lastFallback(t)!.fields.detail).toContain('t_made_up');
    model.answer(() => ({ body: completion(JSON.stringify({
      definition: { groups: [{ conditions: [{ property: 'shopify.purchase_count', operator: 'gte', value: -5 }] }] }, explanation: 'x',
    })) }));
    expect((await suggest(GOAL)).body.source).toBe('planner');
    model.answer(() => ({ body: completion(JSON.stringify({ explanation: 'I would need to know more.' })) }));
    expect((await suggest(GOAL)).body.source).toBe('planner');
  });

  it('holds the model to the safety check: an "except" goal answered with the very friends it excludes becomes a question', async () => {
    model.answer((req) => {
      const vip = promptCatalog(req).tags.find((tag) => tag.name === 'VIP')!;
      return { body: completion(JSON.stringify({
        definition: { groups: [{ conditions: [{ property: 'tag', operator: 'contains_any', value: [vip.id] }] }] },
        name: 'VIP', explanation: 'Friends tagged VIP.',
      })) };
    });
    const r = await suggest({ goal: 'everyone except VIP friends', mode: 'auto' });
    expect(r.body).toMatchObject({ source: 'model', questions: [{ id: 'exception_check' }] });
    expect(r.body.definition).toBeUndefined();
    expect(r.body.explanation).toContain('Careful: your goal says "except"');
    const anyway = await suggest({ goal: 'everyone except VIP friends', mode: 'auto', draft: { answers: { exception_check: 'use_anyway' } } });
    expect(anyway.body).toMatchObject({ source: 'model', count: 2 });
    expect(anyway.body.questions).toBeUndefined();
  });

  it('lets the model ask in Consult mode', async () => {
    model.answer(() => ({ body: completion(JSON.stringify({
      explanation: 'Which VIP do you mean?',
      questions: [{ id: 'vip', text: 'Which VIP?', choices: [{ label: 'The friend tag', value: 'tag' }] }],
    })) }));
    const r = await suggest({ goal: 'VIP friends', mode: 'consult', draft: { answers: { earlier: 'yes' } } });
    expect(r.body).toMatchObject({ source: 'model', questions: [{ id: 'vip' }] });
    expect(r.body.definition).toBeUndefined();
    expect(model.seen.at(-1)!.body.messages.at(-1).content).toContain('"earlier":"yes"');
  });

  it('falls back when the model is too slow', async () => {
    model.answer(() => ({ delayMs: 2_000, body: completion('{}') }));
    const started = Date.now();
    const s = await suggestSegment(t.deps, { id: account.id, timezone: 'Asia/Tokyo' }, { goal: 'VIP friends', mode: 'auto' }, { modelTimeoutMs: 200 });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(s).toMatchObject({ source: 'planner', count: 2 });
    expect(lastFallback(t)).toMatchObject({ fields: { reason: 'timeout' } });
  });

  it('never writes the model key to the log', () => {
    expect(t.logger.text()).not.toContain('sk-test-never-logged');
  });
});
