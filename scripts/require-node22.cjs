// Runs before `npm install`: npm itself must run on Node >= 22. npm on an older
// Node silently skips Hardhat's native EDR binding (its engines say >= 22), and
// Hardhat then fails later with HHE27. Fail now, with the command that works.
const { execFileSync } = require("node:child_process");

const npmNode = process.env.npm_node_execpath ?? process.execPath;
const version = execFileSync(npmNode, ["-p", "process.versions.node"], { encoding: "utf8" }).trim();
const major = Number(version.split(".")[0]);
if (major < 22) {
  console.error(
    `\nThis project needs Node >= 22, but npm is running on Node ${version}.\n` +
      "Install with npm running on Node 22 (fetched from the npm registry):\n\n" +
      "    npx -y -p node@22 -- npm install\n",
  );
  process.exit(1);
}
