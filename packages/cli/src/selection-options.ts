/** The selection every plan-shaped command accepts: selectors plus --ancestors / --descendants. */
export interface SelectionOptions {
  readonly ancestors?: boolean;
  readonly descendants?: boolean;
}

/** `--affected [--base REF] [--head REF] [--files PATH...]` on plan-shaped commands. */
export interface AffectedOptions {
  readonly affected?: boolean;
  readonly base?: string;
  readonly head?: string;
  readonly files?: string[];
}
