/**
 * The "Rich menus" view's state: the channel's menus and which segment shows which, the draft of
 * a new menu with its problems (checked here, before LINE sees anything), and the actions. The
 * draft's rules are pure functions, tested without a DOM.
 */
import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import { t } from '@/lib/i18n';
import { toBase64 } from '@/lib/base64';
import type { RichMenu, RichMenuAssignment } from '@/lib/contract/rich-menus';
import {
  ALIAS_RE, checkRichMenuImage, templateBounds, type RichMenuCreate, type TemplateAreas,
} from '@/lib/rich-menus/layout';
import type { PanelClient } from '../models/client';
import { describeError } from '../models/errors';

export type ActionKind = 'uri' | 'message' | 'richmenuswitch';
export interface AreaDraft { kind: ActionKind; value: string }
export interface ImageDraft { base64: string; type: 'image/png' | 'image/jpeg'; dataUrl: string; bytes: Uint8Array }
export interface MenuDraft {
  name: string;
  chatBarText: string;
  height: 1686 | 843;
  template: TemplateAreas;
  areas: AreaDraft[];
  aliasId: string;
  image: ImageDraft | null;
}

export const emptyDraft = (): MenuDraft => ({
  name: '', chatBarText: '', height: 1686, template: 2, aliasId: '', image: null,
  areas: [{ kind: 'uri', value: '' }, { kind: 'uri', value: '' }],
});

/** Keeps the areas' actions when the layout changes, adding or dropping areas at the end. */
export function withTemplate(d: MenuDraft, template: TemplateAreas): MenuDraft {
  const areas = Array.from({ length: template }, (_, i) => d.areas[i] ?? { kind: 'uri' as const, value: '' });
  return { ...d, template, areas };
}

const isHttps = (s: string) => { try { return new URL(s).protocol === 'https:'; } catch { return false; } };

/** What to fix, by field ('name', 'chatBarText', 'image', 'areas.N', 'aliasId'); empty when ready. */
export function draftProblems(d: MenuDraft): Record<string, string> {
  const p: Record<string, string> = {};
  const name = d.name.trim();
  if (!name || name.length > 300) p.name = t('richMenus.error.name');
  const bar = d.chatBarText.trim();
  if (!bar || bar.length > 14) p.chatBarText = t('richMenus.error.chatBarText');
  if (!d.image) p.image = t('richMenus.error.imageMissing');
  else {
    const check = checkRichMenuImage(d.image.bytes, { width: 2500, height: d.height });
    if (!check.ok) p.image = check.message;
  }
  d.areas.forEach((a, i) => {
    const v = a.value.trim();
    if (a.kind === 'uri' && !isHttps(v)) p[`areas.${i}`] = t('richMenus.error.uri');
    if (a.kind === 'message' && (!v || v.length > 300)) p[`areas.${i}`] = t('richMenus.error.text');
    if (a.kind === 'richmenuswitch' && !ALIAS_RE.test(v)) p[`areas.${i}`] = t('richMenus.error.alias');
  });
  if (d.aliasId.trim() && !ALIAS_RE.test(d.aliasId.trim())) p.aliasId = t('richMenus.error.alias');
  return p;
}

/** The draft as the sync API's rich menu object (areas tile the image by the chosen layout). */
export function draftToMenu(d: MenuDraft): RichMenuCreate {
  const size = { width: 2500 as const, height: d.height };
  const bounds = templateBounds(size, d.template);
  return {
    name: d.name.trim(), chatBarText: d.chatBarText.trim(), size, selected: false,
    ...(d.aliasId.trim() ? { aliasId: d.aliasId.trim() } : {}),
    areas: bounds.map((b, i) => {
      const a = d.areas[i] ?? { kind: 'uri', value: '' };
      const v = a.value.trim();
      const label = t('richMenus.area', { n: i + 1 }).slice(0, 20);
      return {
        bounds: b,
        action: a.kind === 'uri' ? { type: 'uri' as const, label, uri: v }
          : a.kind === 'message' ? { type: 'message' as const, label, text: v }
            : { type: 'richmenuswitch' as const, label, richMenuAliasId: v, data: `switch:${v}` },
      };
    }),
  };
}

export interface RichMenusModel {
  menus: ReadonlySignal<RichMenu[]>;
  assignments: ReadonlySignal<RichMenuAssignment[]>;
  /** data: URLs of the menus' images, by id, as they arrive. */
  images: ReadonlySignal<Record<string, string>>;
  state: ReadonlySignal<'loading' | 'ready' | 'error'>;
  error: Signal<string | null>;
  notice: Signal<string | null>;
  draft: Signal<MenuDraft | null>;
  problems: ReadonlySignal<Record<string, string>>;
  /** Show the draft's problems once the user tried to create it. */
  submitted: Signal<boolean>;
  busy: ReadonlySignal<boolean>;
  load(): Promise<void>;
  /** Reloads every `everyMs` while a segment's links are being made or removed; returns stop. */
  watch(everyMs?: number): () => void;
  startDraft(): void;
  setImage(file: { type: string; arrayBuffer(): Promise<ArrayBuffer> }): Promise<void>;
  create(): Promise<boolean>;
  remove(id: string): Promise<void>;
  assign(segmentId: string, richMenuId: string, priority: number): Promise<boolean>;
  unassign(segmentId: string): Promise<void>;
  unlinkAll(): Promise<void>;
}

export function createRichMenusModel(client: PanelClient, accountId: string): RichMenusModel {
  const menus = signal<RichMenu[]>([]);
  const assignments = signal<RichMenuAssignment[]>([]);
  const images = signal<Record<string, string>>({});
  const state = signal<'loading' | 'ready' | 'error'>('loading');
  const error = signal<string | null>(null);
  const notice = signal<string | null>(null);
  const draft = signal<MenuDraft | null>(null);
  const submitted = signal(false);
  const busy = signal(false);
  const problems = computed(() => (draft.value ? draftProblems(draft.value) : {}));

  async function loadImages(list: RichMenu[]) {
    for (const m of list) {
      if (!m.hasImage || images.value[m.id]) continue;
      try {
        const { dataUrl } = await client.send('richMenuImage', { accountId, richMenuId: m.id });
        images.value = { ...images.value, [m.id]: dataUrl };
      } catch { /* the card shows the menu without its picture */ }
    }
  }

  async function load() {
    try {
      const r = await client.send('listRichMenus', { accountId });
      menus.value = r.menus;
      assignments.value = r.assignments;
      state.value = 'ready';
      void loadImages(r.menus);
    } catch (e) {
      error.value = describeError(e, 'rich menus: list');
      if (state.value === 'loading') state.value = 'error';
    }
  }

  async function run<T>(context: string, f: () => Promise<T>): Promise<T | undefined> {
    busy.value = true;
    error.value = null;
    try {
      return await f();
    } catch (e) {
      error.value = describeError(e, context);
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  const settling = () => assignments.value.some((a) => a.status === 'syncing' || a.status === 'stopping');
  function watch(everyMs = 2000) {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      if (stopped) return;
      if (settling()) await load();
      if (!stopped) timer = setTimeout(() => void tick(), everyMs);
    };
    timer = setTimeout(() => void tick(), everyMs);
    return () => { stopped = true; clearTimeout(timer); };
  }

  return {
    menus, assignments, images, state, error, notice, draft, problems, submitted, busy, load, watch,
    startDraft() { draft.value = emptyDraft(); submitted.value = false; notice.value = null; },
    async setImage(file) {
      if (!draft.value) return;
      const bytes = new Uint8Array(await file.arrayBuffer());
      const type = file.type === 'image/jpeg' ? 'image/jpeg' : 'image/png';
      const base64 = toBase64(bytes);
      draft.value = { ...draft.value, image: { bytes, type, base64, dataUrl: `data:${type};base64,${base64}` } };
    },
    async create() {
      const d = draft.value;
      submitted.value = true;
      if (!d || Object.keys(draftProblems(d)).length) return false;
      const made = await run('rich menus: create', () => client.send('createRichMenu', {
        accountId, menu: draftToMenu(d), image: { base64: d.image!.base64, type: d.image!.type },
      }));
      if (!made) return false;
      images.value = { ...images.value, [made.id]: d.image!.dataUrl };
      draft.value = null;
      notice.value = t('richMenus.created', { name: made.name });
      await load();
      return true;
    },
    async remove(id) {
      await run('rich menus: delete', () => client.send('deleteRichMenu', { accountId, richMenuId: id }));
      await load();
    },
    async assign(segmentId, richMenuId, priority) {
      const r = await run('rich menus: assign', () => client.send('assignRichMenu', { accountId, segmentId, richMenuId, priority }));
      if (r) await load();
      return !!r;
    },
    async unlinkAll() {
      await run('rich menus: unlink all', () => client.send('unlinkAllRichMenus', { accountId }));
      await load();
    },
    async unassign(segmentId) {
      await run('rich menus: stop', () => client.send('unassignRichMenu', { accountId, segmentId }));
      await load();
    },
  };
}
