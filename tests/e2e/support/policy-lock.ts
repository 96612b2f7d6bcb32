// A machine-wide readers/writer lock around Chromium's managed policy directory. A policy file in
// /etc/chromium/policies/managed/ applies to every Chromium that starts on this machine, and the
// extension's id is fixed (its manifest key), so while the managed-policy test's file exists no other
// extension browser may run: not in this run (the e2e config runs files one after another) and not in a
// second `npm test` beside it. Browsers with the extension hold the lock shared; the policy test holds
// it exclusively. The lock is flock(1) on a file, held by a child process for as long as its stdin is
// open, so a crashed test process releases it with its pipes.
import { spawn } from 'node:child_process';

const LOCK_FILE = '/tmp/pz-chromium-policy.lock';

export interface HeldLock {
  release(): void;
}

export function acquirePolicyLock(mode: 'shared' | 'exclusive'): Promise<HeldLock> {
  return new Promise((resolve, reject) => {
    const child = spawn('flock', [mode === 'shared' ? '-s' : '-x', LOCK_FILE, '-c', 'echo locked; exec cat >/dev/null'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let held = false;
    child.on('error', reject);
    child.on('exit', (code) => {
      if (!held) reject(new Error(`flock ${LOCK_FILE} exited with ${code}`));
    });
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      if (held || !d.includes('locked')) return;
      held = true;
      resolve({ release: () => child.stdin.end() });
    });
  });
}
