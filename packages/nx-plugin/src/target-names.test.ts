import { describe, expect, it } from 'vitest';
import { resolveOptions } from './plugin-options.js';
import { DEFAULT_TARGET_NAMES, targetNames } from './target-names.js';

describe('targetNames', () => {
  it('defaults to image-* names, apart from the usual package targets', () => {
    expect(targetNames()).toEqual({
      render: 'image-render',
      build: 'image-build',
      push: 'image-push',
      smokeTest: 'image-smoke-test',
    });
    for (const name of Object.values(DEFAULT_TARGET_NAMES)) {
      expect(['build', 'test', 'lint', 'typecheck']).not.toContain(name);
    }
  });

  it('takes each name from its option', () => {
    expect(targetNames({ renderTargetName: 'docker:render', smokeTestTargetName: 'smoke' })).toEqual({
      ...DEFAULT_TARGET_NAMES,
      render: 'docker:render',
      smokeTest: 'smoke',
    });
  });

  it('rejects a name that is not a string, is empty or cannot be typed after -t, naming the option and the fix', () => {
    expect(() => targetNames({ buildTargetName: 42 as unknown as string })).toThrow(
      'option buildTargetName must be a string, not 42: set buildTargetName to a target name such as "image-build"',
    );
    expect(() => targetNames({ pushTargetName: ' ' })).toThrow(
      /option pushTargetName is empty: set pushTargetName to a target name such as "image-push" in the options of the @catalog\/nx-plugin entry of nx\.json's "plugins", or remove it for that default/,
    );
    expect(() => targetNames({ renderTargetName: 'render,x' })).toThrow(/option renderTargetName is "render,x", with/);
  });

  it('rejects two options naming the same target, set or by default', () => {
    expect(() => targetNames({ buildTargetName: 'images', pushTargetName: 'images' })).toThrow(
      '@catalog/nx-plugin: options buildTargetName and pushTargetName both name the target "images": give each target its own name',
    );
    expect(() => targetNames({ smokeTestTargetName: 'image-render' })).toThrow(
      'options renderTargetName (by default) and smokeTestTargetName both name the target "image-render"',
    );
  });
});

describe('resolveOptions', () => {
  it('fills in the defaults', () => {
    expect(resolveOptions()).toEqual({
      catalog: 'catalog.yaml',
      command: 'catalog',
      renderInputs: [],
      targets: DEFAULT_TARGET_NAMES,
    });
  });

  it('rejects an unknown option and suggests the one meant', () => {
    const options = { buildTarget: 'docker-build' } as Record<string, unknown>;
    expect(() => resolveOptions(options)).toThrow(
      '@catalog/nx-plugin: unknown option buildTarget (did you mean buildTargetName?): rename or remove it in nx.json; the options are catalog, command, renderInputs, renderTargetName, buildTargetName, pushTargetName, smokeTestTargetName',
    );
    expect(() => resolveOptions({ comand: 'npx catalog' } as Record<string, unknown>)).toThrow(
      'unknown option comand (did you mean command?)',
    );
  });
});
