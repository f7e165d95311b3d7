// Runs a generated boot or operator script as the machine would, with bash, in a throw-away root:
// a private mount namespace (unshare) and a chroot whose /usr is the host's, read-only, so the
// real coreutils, tar, sha256sum, base64 and jq run. The commands that would reach AWS, the
// network, the disks or systemd are stubs that record their arguments; a fake file tree stands
// in for the rest (the release tarball, the data volume's device, /etc).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export interface StubCall {
  readonly command: string;
  readonly args: readonly string[];
}

export interface SandboxOptions {
  /** Bash bodies of the stubbed commands by name; each stub records its argv before the body runs. */
  readonly stubs: Readonly<Record<string, string>>;
  /** Files of the fake tree by absolute path (mode 0644, or 0755 under a bin/ folder). */
  readonly files?: Readonly<Record<string, string | Buffer>>;
  /** Block devices to create (e.g. the data volume). */
  readonly blockDevices?: readonly string[];
  /** Arguments passed to the script. */
  readonly args?: readonly string[];
  /** Environment of the script beyond PATH and HOME. */
  readonly env?: Readonly<Record<string, string>>;
}

export interface SandboxRun {
  readonly status: number | null;
  readonly output: string;
  readonly calls: readonly StubCall[];
  /** The fake root: files the script wrote are read from here. */
  readonly root: string;
  callsOf(command: string): StubCall[];
  read(file: string): string | undefined;
  mode(file: string): number | undefined;
}

const STUB_LOG = "/.stub-calls";
/** Where the fake root keeps what the script writes under /usr/local. */
const USR_LOCAL = "/.usr-local";
const STUB_DIR = "/stubs";

/** Why the sandbox cannot run here, or undefined when it can. */
export function sandboxUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return "needs root for a private mount namespace and chroot";
  const probe = spawnSync("unshare", ["--mount", "--propagation", "private", "true"], { stdio: "pipe" });
  return probe.status === 0 ? undefined : "unshare --mount is not available";
}

function stubScript(name: string, body: string): string {
  // Arguments are recorded tab-separated, newlines escaped: one line per call.
  return [
    "#!/bin/bash",
    `{ printf '%s' ${JSON.stringify(name)}; for a in "$@"; do a=\${a//$'\\n'/\\\\n}; printf '\\t%s' "$a"; done; printf '\\n'; } >>${STUB_LOG}`,
    body,
    "",
  ].join("\n");
}

function writeFile(root: string, file: string, content: string | Buffer, mode: number): void {
  const target = path.join(root, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, content);
  fs.chmodSync(target, mode);
}

/** Where a path of the sandbox lives on the host after the run. */
export function hostPath(root: string, file: string): string {
  return path.join(root, file.startsWith("/usr/local/") ? file.replace(/^\/usr\/local/, USR_LOCAL) : file);
}

/** Lays out a fresh root under `dir` and runs `script` in it. */
export function runInSandbox(dir: string, script: string, options: SandboxOptions): SandboxRun {
  const root = path.join(dir, "root");
  fs.rmSync(root, { recursive: true, force: true });
  // What every systemd host has before user data runs.
  for (const d of [
    "usr",
    "etc/systemd/system",
    "etc/profile.d",
    "dev",
    "tmp",
    "var/tmp",
    "run",
    "root",
    "opt",
  ]) {
    fs.mkdirSync(path.join(root, d), { recursive: true });
  }
  fs.chmodSync(path.join(root, "tmp"), 0o1777);
  // Merged /usr on Debian: /bin, /lib, ... are links into /usr.
  for (const link of ["bin", "sbin", "lib", "lib64"]) {
    const host = `/${link}`;
    if (fs.existsSync(host) && fs.lstatSync(host).isSymbolicLink()) {
      fs.symlinkSync(fs.readlinkSync(host), path.join(root, link));
    }
  }
  writeFile(root, "/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n", 0o644);
  writeFile(root, "/etc/group", "root:x:0:\n", 0o644);
  writeFile(root, "/etc/fstab", "", 0o644);
  writeFile(root, STUB_LOG, "", 0o666);
  for (const [name, body] of Object.entries(options.stubs)) {
    writeFile(root, path.join(STUB_DIR, name), stubScript(name, body), 0o755);
  }
  for (const [file, content] of Object.entries(options.files ?? {})) {
    writeFile(root, file, content, /\/bin\//.test(file) ? 0o755 : 0o644);
  }
  writeFile(root, "/boot/script.sh", script, 0o755);

  const devices = [
    "mknod -m 666 root/dev/null c 1 3",
    "mknod -m 666 root/dev/zero c 1 5",
    "mknod -m 444 root/dev/urandom c 1 9",
    // /dev/fd (process substitution) and /proc, as on any Linux host.
    "mkdir -p root/proc && mount -t proc proc root/proc",
    "ln -s /proc/self/fd root/dev/fd",
    ...(options.blockDevices ?? []).map((d) => `mknod -m 660 root${d} b 7 200`),
  ];
  const env = {
    PATH: `${STUB_DIR}:/usr/local/bin:/usr/bin:/usr/sbin`,
    HOME: "/root",
    LANG: "C.UTF-8",
    ...options.env,
  };
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const inner = [
    "set -e",
    ...devices,
    // The host's /usr, read-only; /usr/local writable and empty, as on a fresh instance, kept in
    // the fake root so the test can read what the script installed there.
    "mount --bind /usr root/usr",
    "mount -o remount,bind,ro root/usr",
    `mkdir -p root${USR_LOCAL}/bin root${USR_LOCAL}/sbin`,
    `mount --bind root${USR_LOCAL} root/usr/local`,
    `exec chroot root /usr/bin/env -i ${Object.entries(env)
      .map(([k, v]) => quote(`${k}=${v}`))
      .join(" ")} /bin/bash /boot/script.sh ${(options.args ?? []).map(quote).join(" ")}`,
  ].join("\n");
  const result = spawnSync(
    "unshare",
    ["--mount", "--propagation", "private", "--", "/bin/bash", "-c", inner],
    { cwd: dir, encoding: "utf8" },
  );
  const calls = fs
    .readFileSync(path.join(root, STUB_LOG), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [command, ...args] = line.split("\t");
      return { command, args };
    });
  return {
    status: result.status,
    output: `${result.stdout ?? ""}${result.stderr ?? ""}${result.error ? String(result.error) : ""}`,
    calls,
    root,
    callsOf: (command) => calls.filter((c) => c.command === command),
    read: (file) => {
      const p = hostPath(root, file);
      return fs.existsSync(p) ? fs.readFileSync(p, "utf8") : undefined;
    },
    mode: (file) => {
      const p = hostPath(root, file);
      return fs.existsSync(p) ? fs.statSync(p).mode & 0o7777 : undefined;
    },
  };
}
