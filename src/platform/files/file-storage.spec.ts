import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { AppConfig } from '../config/app-config';
import { InvalidStorageKeyError, LocalDiskStorage } from './file-storage';

/** The local disk store on a real temporary directory: no key can reach outside it. */
describe('LocalDiskStorage', () => {
  let parent: string;
  let root: string;
  let storage: LocalDiskStorage;

  beforeEach(async () => {
    parent = await mkdtemp(join(tmpdir(), 'fasp-storage-'));
    root = join(parent, 'uploads');
    storage = new LocalDiskStorage({ uploadDir: root } as AppConfig);
  });
  afterEach(() => rm(parent, { recursive: true, force: true }));

  it('writes, reads and removes a file under its directory', async () => {
    await storage.write('projects/p1/a1', Readable.from([Buffer.from('soil')]));
    expect(storage.pathOf('projects/p1/a1')).toBe(join(root, 'projects', 'p1', 'a1'));
    expect(await readFile(join(root, 'projects', 'p1', 'a1'), 'utf8')).toBe('soil');
    await storage.remove('projects/p1/a1');
    expect(await storage.exists('projects/p1/a1')).toBe(false);
  });

  it.each([
    '../escaped',
    '../../etc/passwd',
    'projects/../../escaped',
    'projects/./a',
    '/etc/passwd',
    'projects//a',
    'projects/a/',
    '..\\..\\escaped',
    'projects/a\u0000b',
    'projects/%2e%2e/escaped',
    '.hidden',
    '',
    'C:\\Windows\\win.ini',
  ])('refuses the key %j and writes nothing anywhere', async (key) => {
    expect(() => storage.pathOf(key)).toThrow(InvalidStorageKeyError);
    await expect(storage.write(key, Readable.from([Buffer.from('x')]))).rejects.toThrow(InvalidStorageKeyError);
    await expect(storage.read(key)).rejects.toThrow(InvalidStorageKeyError);
    await expect(storage.remove(key)).rejects.toThrow(InvalidStorageKeyError);
    expect(await readdir(parent)).toEqual([]);
  });
});
