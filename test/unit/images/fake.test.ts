import { describe, expect, it } from 'vitest';
import { FakeImageStore, fakeImage } from '../../../src/images/index.js';

describe('the fake image store', () => {
  const a = fakeImage({ id: `sha256:ab${'1'.repeat(62)}`, repoTags: ['nginx:latest'], config: { config: { Cmd: ['nginx'] } } });
  const b = fakeImage({ id: `sha256:ac${'2'.repeat(62)}`, repoTags: ['127.0.0.1:5000/x:1'] });
  const store = new FakeImageStore([a, b]);

  it('resolves as the real store does', async () => {
    expect(await store.get('docker.io/library/nginx')).toBe(a);
    expect(await store.get('127.0.0.1:5000/x:1')).toBe(b);
    expect(await store.get('ab1')).toBe(a);
    expect(await store.get(b.id)).toBe(b);
    expect(await store.get('nginx:1.25')).toBeUndefined();
    await expect(store.get('a')).rejects.toThrow('ambiguous');
    expect((await store.get('nginx'))?.config.config?.Cmd).toEqual(['nginx']);
  });
});
