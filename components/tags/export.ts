/** "Export CSV" on a segment: the background fetches the CSV; the panel saves it under the segment's name and today's date. */
import { exportFileName } from '@/lib/csv/file-name';
import type { PanelClient } from '../models/client';

export async function downloadSegmentCsv(client: PanelClient, accountId: string, segment: { id: string; name: string }, now = new Date()): Promise<string> {
  const { csv } = await client.send('exportSegmentCsv', { accountId, segmentId: segment.id });
  const file = exportFileName(segment.name, now);
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return file;
}
