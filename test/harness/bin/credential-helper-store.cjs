// The logic of docker-credential-berth-test: get, list, store and erase, with the exact
// "credentials not found in native keychain" answer (exit 1) of the real helpers.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS script run by node
const { readFileSync, writeFileSync } = require('node:fs');

const file = process.env.BERTH_TEST_HELPER_STORE;
if (!file) {
  process.stderr.write('BERTH_TEST_HELPER_STORE is not set\n');
  process.exit(2);
}
const load = () => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
};
const stdin = () => readFileSync(0, 'utf8').trim();
const action = process.argv[2];
const store = load();

if (action === 'get') {
  const url = stdin();
  const entry = store[url];
  if (!entry) {
    process.stdout.write('credentials not found in native keychain\n');
    process.exit(1);
  }
  process.stdout.write(
    JSON.stringify({ ServerURL: url, Username: entry.Username, Secret: entry.Secret }),
  );
} else if (action === 'list') {
  process.stdout.write(
    JSON.stringify(Object.fromEntries(Object.entries(store).map(([k, v]) => [k, v.Username]))),
  );
} else if (action === 'store') {
  const entry = JSON.parse(stdin());
  store[entry.ServerURL] = { Username: entry.Username, Secret: entry.Secret };
  writeFileSync(file, JSON.stringify(store));
} else if (action === 'erase') {
  const url = stdin();
  if (!store[url]) {
    process.stdout.write('credentials not found in native keychain\n');
    process.exit(1);
  }
  writeFileSync(
    file,
    JSON.stringify(Object.fromEntries(Object.entries(store).filter(([k]) => k !== url))),
  );
} else {
  process.stderr.write(`unknown action ${action}\n`);
  process.exit(2);
}
