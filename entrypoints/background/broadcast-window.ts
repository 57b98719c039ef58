/**
 * The size of the broadcast window the extension opens: wide enough for the composer beside its
 * phone preview (the page goes to one column below 760 px). Chrome fits it to a smaller screen.
 * Kept apart (no imports) so the e2e tests judge the window at exactly this size.
 */
export const BROADCAST_WINDOW = { width: 1040, height: 900 } as const;
