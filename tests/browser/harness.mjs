// The small test harness of the stand-alone checks (cms.mjs, search-run.mjs): one line per
// test, and `N passed, N failed` at the end, the line tests/browser/run adds up.
export class Failure extends Error {}

export const assert = (cond, msg) => {
  if (!cond) throw new Failure(msg);
};

let passed = 0;
let failed = 0;

// Runs one test: it fails by throwing, or by returning a non-empty list of problems. Returns
// whether it passed.
export async function test(name, fn) {
  const t0 = Date.now();
  try {
    const problems = await fn();
    if (Array.isArray(problems) && problems.length) throw new Failure(problems.join('\n'));
    passed++;
    console.log(`ok     ${name}  (${Date.now() - t0} ms)`);
    return true;
  } catch (e) {
    failed++;
    console.log(`FAILED ${name}\n         ${e instanceof Failure ? e.message : e.stack}`);
    return false;
  }
}

// Prints the count line and exits, 1 if any test failed.
export function finish() {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
