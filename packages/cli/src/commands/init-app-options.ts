export interface InitAppOptions {
  readonly from: string;
  readonly dir?: string;
  /** False with --no-pin: write the rolling tag instead of the `-rN` build it names (no registry read). */
  readonly pin: boolean;
}
