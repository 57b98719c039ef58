/** Kept apart from ./rules.ts so the panel's bundle does not take csv-stringify in with it. */
/** The file name the panel saves an export under: the segment's name and the date, safe on every OS. */
export function exportFileName(segmentName: string, date: Date): string {
  const safe = segmentName.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim().slice(0, 80) || 'segment';
  const day = date.toISOString().slice(0, 10);
  return `${safe} ${day}.csv`;
}
