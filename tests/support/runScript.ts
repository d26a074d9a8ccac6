// Runs a project script or snippet in a child process without blocking the test worker (unlike spawnSync).
import { spawn, type SpawnOptions } from 'node:child_process';

export interface ScriptRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `node --import tsx <args>`; resolves when the child has exited and its output is read. */
export function runTsx(args: string[], options: SpawnOptions = {}): Promise<ScriptRun> {
  return runCommand(process.execPath, ['--import', 'tsx', ...args], options);
}

/** `command <args>`, killed if it outlives two minutes; resolves when it has exited and its output is read. */
export function runCommand(command: string, args: string[], options: SpawnOptions = {}): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(guard);
      resolve({ status, stdout, stderr });
    });
  });
}
