import { describe, expect, it } from 'vitest';
import { ensureChromium, INSTALL_COMMAND, planChromium, type ChromiumHost } from './chromium.ts';

/** A machine with the given files, as root or not; `install` adds the browser (or fails). */
function host(options: { files?: string[]; root?: boolean; env?: NodeJS.ProcessEnv; installWorks?: boolean }): ChromiumHost & { installs: number; lines: string[] } {
  const files = new Set(options.files ?? []);
  const fake = {
    env: options.env ?? {},
    root: options.root ?? false,
    installs: 0,
    lines: [] as string[],
    exists: (path: string) => files.has(path),
    install: () => {
      fake.installs += 1;
      if (options.installWorks === false) return 100;
      files.add('/usr/bin/chromium');
      return 0;
    },
    log: (line: string) => fake.lines.push(line),
  };
  return fake;
}

describe('the browser tests set-up', () => {
  it('does nothing when chromium is there', () => {
    const machine = host({ files: ['/usr/bin/chromium', '/usr/bin/apt-get'], root: true });
    ensureChromium(machine);
    expect(machine.installs).toBe(0);
    expect(planChromium(machine)).toEqual({ action: 'none', reason: 'chromium found at /usr/bin/chromium' });
  });

  it('does nothing when the browser tests are skipped on request, even without chromium', () => {
    const machine = host({ env: { SETTLEKIT_SKIP_BROWSER: '1' } });
    ensureChromium(machine);
    expect(machine.installs).toBe(0);
  });

  it('installs chromium with the CI script when it is missing and this is root with apt-get', () => {
    const machine = host({ files: ['/usr/bin/apt-get'], root: true });
    ensureChromium(machine);
    expect(machine.installs).toBe(1);
    expect(machine.lines.join('\n')).toMatch(/installing Debian's chromium .*install-chromium\.sh/);
  });

  it('fails with the one command to run when it cannot install (not root, or no apt-get)', () => {
    for (const machine of [host({ files: ['/usr/bin/apt-get'], root: false }), host({ root: true })]) {
      expect(() => ensureChromium(machine)).toThrow(INSTALL_COMMAND);
      expect(machine.installs).toBe(0);
    }
    expect(INSTALL_COMMAND).toBe('sudo bash .ci/install-chromium.sh');
  });

  it('fails with the command when the installation does not leave chromium behind', () => {
    const machine = host({ files: ['/usr/bin/apt-get'], root: true, installWorks: false });
    expect(() => ensureChromium(machine)).toThrow(/Installing chromium failed \(exit 100\)[\s\S]*sudo bash \.ci\/install-chromium\.sh/);
  });
});
