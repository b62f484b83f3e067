/** Exit codes; `rebuildsDue` (3) only from `catalog upstream check` and `upstream versions` (upstream changes: not an error). */
export const EXIT = { ok: 0, failed: 1, usage: 2, rebuildsDue: 3, internal: 70 } as const;
