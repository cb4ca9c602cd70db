import { run } from './bootstrap';

describe('start-up with an invalid configuration', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    jest.restoreAllMocks();
  });

  it('exits before touching anything, with one line naming the variable', async () => {
    process.env.PORT = 'eighty';
    const written: string[] = [];
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const exit = jest.spyOn(process, 'exit').mockImplementation((code?: string | number | null) => {
      throw new Error(`exit ${code}`);
    });
    await expect(run()).rejects.toThrow('exit 78');
    expect(exit).toHaveBeenCalledWith(78);
    expect(written).toEqual(['Invalid configuration: PORT must be an integer (got "eighty")\n']);
  });
});
