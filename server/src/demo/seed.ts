/** Demo data (LUMO_DEMO=1). Placeholder until the generator lands. */
import type { AppDeps } from '../http/context';

export interface DemoInfo { accountId: string; token: string; friends: number; seededNow: boolean; ms: number }

export async function seedDemo(_deps: AppDeps): Promise<DemoInfo | null> {
  return null;
}
