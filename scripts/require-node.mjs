// Fails fast, with the fix, when npm runs the project on a Node older than the one it brings.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `bonafide needs Node.js >= 22.12, but this is ${process.version} (${process.execPath}).\n` +
      "The project brings its own Node through npm: run `npm ci` first, then use `npm start` / `npm test`,\n" +
      "which put node_modules/.bin (with that Node) first on PATH. On a non-x64-Linux machine install Node 22+ yourself.",
  );
  process.exit(1);
}
