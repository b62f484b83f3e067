/**
 * Exit codes. 3 is "something to act on, not an error": `rebuildsDue` from `catalog upstream check`
 * and `catalog upstream versions` (new releases), `behind` from `catalog outdated`.
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, rebuildsDue: 3, behind: 3, internal: 70 } as const;
