/** `npm run proto:check`: exits 1 and lists the files when app/proto/generated is stale. */
import { findProtoDrift, generatedDir } from './proto-drift';

const drift = findProtoDrift(process.cwd());
if (drift.length > 0) {
  for (const entry of drift) console.error(`${generatedDir}/${entry.file}: ${entry.problem}`);
  console.error('The generated protobuf code is stale: run `npm run proto` and commit the result.');
  process.exit(1);
}
console.log(`${generatedDir} matches the .proto files.`);
