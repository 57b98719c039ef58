/** Every feature the content script adds to the LINE manager, in the order they start. */
import { broadcastButton } from './broadcast-button';
import { language } from './language';
import { launcher } from './launcher';
import { navEntry } from './nav-entry';
import { rememberAccount } from './remember-account';
import { segmentPanel } from './segment-panel';

export const features = [language, launcher, navEntry, segmentPanel, broadcastButton, rememberAccount];
