// Bundled by test/unit/network/bundle.test.ts the way the CLI is, to prove the netlink addon loads from the bundle.
import { openHostLinks } from '../../../src/network/rtnl/host-links.js';

void openHostLinks().then(async (links) => {
  const names = (await links.listLinks()).map((l) => l.name);
  links.close();
  process.stdout.write(`${JSON.stringify(names)}\n`);
});
