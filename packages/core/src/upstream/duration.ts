const UNITS: Readonly<Record<string, number>> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** The pattern of `rebuildAfter` values: a whole number of hours, days or weeks (`12h`, `30d`, `2w`). */
export const DURATION_PATTERN = /^([1-9][0-9]{0,5})([hdw])$/;

/** Milliseconds of a duration such as `30d`; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * (UNITS[match[2] as string] as number);
}

/** `30d` when whole days, else hours: for messages. */
export function formatAge(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  return days >= 1 ? `${days}d` : `${Math.max(0, Math.floor(ms / 3_600_000))}h`;
}
