// The real seeds index built once per run by tests/support/globalSetup.ts: read it, copy it, never write to it.
import { inject } from 'vitest';
import { loadEngineConfig, type EngineConfig } from '../../src/config.ts';

export interface SeedIndex {
  /** Environment for a child process (`npm run ask`) pointing at the index. */
  env: Record<string, string>;
  config: EngineConfig;
}

export function seedIndex(): SeedIndex {
  const env = inject('seedIndexEnv');
  return { env, config: loadEngineConfig(env) };
}
