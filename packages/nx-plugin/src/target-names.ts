/**
 * The names of the targets each image project gets. They are plugin options because target names
 * are shared by every project of a workspace: `nx run-many -t build` runs each project's `build`,
 * and nx.json's `targetDefaults.build` applies to every target called `build`. So the defaults
 * (`image-*`) keep clear of the targets TypeScript and other packages usually have (`build`,
 * `test`, `lint`, `typecheck`), and use no `:`, which `nx run <project>:<target>:<configuration>`
 * reads as a separator.
 */
export interface TargetNameOptions {
  /** The cached target that renders the node's Dockerfile and context (default `image-render`). */
  readonly renderTargetName?: string;
  /** The target that builds the node's image, after its parent's (default `image-build`). */
  readonly buildTargetName?: string;
  /** The target that builds and publishes the node's image, after its parent's (default `image-push`). */
  readonly pushTargetName?: string;
  /** The target that runs the node's smoke test (default `image-smoke-test`). */
  readonly smokeTestTargetName?: string;
}

/** The target names in use, options applied. */
export interface TargetNames {
  readonly render: string;
  readonly build: string;
  readonly push: string;
  readonly smokeTest: string;
}

export const DEFAULT_TARGET_NAMES: TargetNames = {
  render: 'image-render',
  build: 'image-build',
  push: 'image-push',
  smokeTest: 'image-smoke-test',
};

/** The option that names each target. */
export const TARGET_NAME_OPTIONS = {
  render: 'renderTargetName',
  build: 'buildTargetName',
  push: 'pushTargetName',
  smokeTest: 'smokeTestTargetName',
} as const satisfies Record<keyof TargetNames, keyof TargetNameOptions>;

const PLUGIN = '@catalog/nx-plugin';
const WHERE = `in the options of the ${PLUGIN} entry of nx.json's "plugins"`;

/** One option's target name: the default when unset; an error naming the option and the fix otherwise. */
function targetName(options: TargetNameOptions, target: keyof TargetNames): string {
  const option = TARGET_NAME_OPTIONS[target];
  const value: unknown = options[option];
  const fallback = DEFAULT_TARGET_NAMES[target];
  if (value === undefined) return fallback;
  const fix = `set ${option} to a target name such as "${fallback}" ${WHERE}, or remove it for that default`;
  if (typeof value !== 'string') {
    throw new Error(`${PLUGIN}: option ${option} must be a string, not ${JSON.stringify(value)}: ${fix}`);
  }
  if (value.trim() === '') throw new Error(`${PLUGIN}: option ${option} is empty: ${fix}`);
  if (/[\s,]/.test(value)) {
    throw new Error(
      `${PLUGIN}: option ${option} is "${value}", with a space or a comma, so \`nx run-many -t\` cannot name it: ${fix}`,
    );
  }
  return value;
}

/**
 * The target names the options ask for, defaults filled in. Throws when one is not a usable name
 * or two options name the same target (their tasks would be one), with the options and the fix.
 */
export function targetNames(options: TargetNameOptions = {}): TargetNames {
  const targets = Object.keys(TARGET_NAME_OPTIONS) as (keyof TargetNames)[];
  const names = Object.fromEntries(targets.map((target) => [target, targetName(options, target)])) as Record<
    keyof TargetNames,
    string
  >;
  const described = (target: keyof TargetNames) =>
    `${TARGET_NAME_OPTIONS[target]}${options[TARGET_NAME_OPTIONS[target]] === undefined ? ' (by default)' : ''}`;
  for (const [index, target] of targets.entries()) {
    const other = targets.slice(0, index).find((earlier) => names[earlier] === names[target]);
    if (other !== undefined) {
      throw new Error(
        `${PLUGIN}: options ${described(other)} and ${described(target)} both name the target "${names[target]}": ` +
          `give each target its own name ${WHERE}`,
      );
    }
  }
  return names;
}
