/**
 * electron-builder.yml, validated offline with electron-builder's own loader and schema (packaging
 * itself downloads Electron, so CI can only check the configuration).
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

interface TargetEntry {
  target: string;
}
interface BuilderConfig {
  appId?: string;
  /** Normalised by getConfig into file sets with filters. */
  files?: { filter?: string[] }[];
  extraResources?: { from: string; to: string }[];
  linux?: { target?: (string | TargetEntry)[] };
  mac?: { target?: (string | TargetEntry)[] };
  win?: { target?: (string | TargetEntry)[] };
}

const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, debugLogger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util/out/DebugLogger') as {
  DebugLogger: new (enabled: boolean) => unknown;
};

const targetsOf = (targets: (string | TargetEntry)[] | undefined) =>
  (targets ?? []).map((target) => (typeof target === 'string' ? target : target.target));

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema validation', async () => {
    const config = await getConfig(process.cwd(), 'electron-builder.yml', null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('builds AppImage and deb, dmg and nsis, with the agent as an extra resource', async () => {
    const config = await getConfig(process.cwd(), 'electron-builder.yml', null);
    expect(targetsOf(config.linux?.target)).toEqual(['AppImage', 'deb']);
    expect(targetsOf(config.mac?.target)).toEqual(['dmg']);
    expect(targetsOf(config.win?.target)).toEqual(['nsis']);
    expect(config.extraResources).toEqual([
      expect.objectContaining({ from: 'dist/agent-resource', to: 'agent' }),
    ]);
    const filters = (config.files ?? []).flatMap((set) => set.filter ?? []);
    expect(filters).toEqual(expect.arrayContaining(['dist/main/**', 'dist/renderer/**', '!**/*.map']));
  });

  it('rejects a broken configuration with a message naming the field', async () => {
    const config = await getConfig(process.cwd(), 'electron-builder.yml', null);
    const broken = { ...config, asar: 'yes please' } as unknown as BuilderConfig;
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(/asar/);
  });
});
