/**
 * Extension pages and the worker forbid `eval` (MV3 CSP). zod probes for it with `new Function`,
 * which the browser reports as a CSP violation even though zod catches it; jitless skips the
 * probe. Imported first by the protocol, which every extension context loads.
 */
import { z } from 'zod';

z.config({ jitless: true });
