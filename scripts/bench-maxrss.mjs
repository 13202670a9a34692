// Preloaded (node --import) into a measured cni-doctor process by the benchmark: on exit, writes the
// process's own peak resident set (kB) to $CNI_DOCTOR_MAXRSS_FILE. GNU time's %M cannot be used for
// serve and collect: it reports the largest of the process and its children, and collect's children
// are kubectl.
import { writeFileSync } from 'node:fs';

const file = process.env.CNI_DOCTOR_MAXRSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
