// Helper of bench/pull.mjs: the warm path inside one process (what `up`
// pays for an image already present): store.get, and pullImage when the
// registry says the image is up to date. Prints two numbers in ms (medians).
import { openImageStore, pullImage } from '../src/images/index.js';

const [root, ref] = process.argv.slice(2) as [string, string];
const store = openImageStore(root);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
await pullImage(store, ref);
const gets: number[] = [];
const pulls: number[] = [];
for (let i = 0; i < 9; i++) {
  let t = performance.now();
  await store.get(ref);
  gets.push(performance.now() - t);
  t = performance.now();
  await pullImage(store, ref);
  pulls.push(performance.now() - t);
}
console.log(`${median(gets).toFixed(2)} ${median(pulls).toFixed(1)}`);
