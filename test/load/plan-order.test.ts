/**
 * The plan's order is the same on every machine: scenarios are ordered by their ids' code units, not by the machine's
 * locale. A CI matrix runs `settlekit run --shard i/n` on machines that may have different locales, and each shard is
 * a slice of the plan: were the order to follow the locale (Danish collation sorts "aa" as "å", after "z"), shards
 * planned on two machines would overlap and miss scenarios.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { copyMini } from '../helpers/mini-fixture.ts';

describe('the plan order', () => {
  let mini: Awaited<ReturnType<typeof copyMini>>;
  beforeAll(async () => {
    mini = await copyMini();
    const template = await readFile(join(mini.root, 'mini', 'bad-amount.yaml'), 'utf8');
    for (const name of ['zz-last', 'aa-danish', 'ab-plain']) await mini.write(`${name}.yaml`, template.replace('id: mini/bad-amount', `id: mini/${name}`));
  });
  afterAll(() => mini.dispose());

  const listed = async (lang: string): Promise<string[]> => {
    const result = await runCli(['list', '--scenarios', mini.root, '--json'], { env: { LANG: lang, LC_ALL: lang } });
    expect(result.code, result.stderr).toBe(0);
    return (JSON.parse(result.stdout) as { id: string }[]).map((s) => s.id);
  };

  it('is by code units, whatever the locale', async () => {
    const [plain, danish] = await Promise.all([listed('C.UTF-8'), listed('da_DK.UTF-8')]);
    expect(plain).toEqual([...plain].sort());
    expect(plain.indexOf('mini/aa-danish')).toBeLessThan(plain.indexOf('mini/zz-last'));
    expect(danish).toEqual(plain);
  });
});
