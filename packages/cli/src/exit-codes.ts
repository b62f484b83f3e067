/** `catalog upstream check` found upstream changes: rebuilds are due (not an error). */
export const EXIT_REBUILDS_DUE = 3;
