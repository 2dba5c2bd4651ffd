import { homedir } from 'node:os';
import path from 'node:path';

// Folders an export must never write into: the system's own, and the home folder itself (an
// export scattered over ~ is a mess to clean up; ~/Pictures/Wan is fine). Pure, so it is tested
// for every platform on any one.

/** Refused with everything under them. */
const POSIX_TREES = ['/etc', '/usr', '/bin', '/sbin', '/boot', '/dev', '/proc', '/sys', '/System', '/Library'];
/** Refused themselves only: their subfolders (/var/tmp, /home/me/Pictures) are ordinary places. */
const POSIX_EXACT = ['/', '/var', '/home', '/Users', '/root'];

/** Which kind of forbidden folder `folder` (absolute) is, or null when an export may go there. */
export function systemFolderKind(
  folder: string,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): 'home_folder' | 'system_folder' | null {
  return systemFolderCheck(folder, platform, home)?.kind ?? null;
}

/** Why `folder` (absolute) may not receive an export, or null when it may. */
export function systemFolderProblem(
  folder: string,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string | null {
  return systemFolderCheck(folder, platform, home)?.why ?? null;
}

function systemFolderCheck(
  folder: string,
  platform: NodeJS.Platform,
  home: string,
): { kind: 'home_folder' | 'system_folder'; why: string } | null {
  const isWindows = platform === 'win32';
  const p = isWindows ? path.win32 : path.posix;
  const abs = p.resolve(folder);
  const same = (a: string, b: string): boolean => (isWindows ? a.toLowerCase() === b.toLowerCase() : a === b);
  const under = (child: string, parent: string): boolean => {
    const back = p.relative(parent, child);
    return back === '' || (!back.startsWith('..') && !p.isAbsolute(back));
  };
  const refused = (why: string, kind: 'home_folder' | 'system_folder' = 'system_folder') => ({
    kind,
    why: `${abs} is ${why}; choose a folder of your own, such as ${p.join(home, 'Pictures', 'Wan')}`,
  });
  if (home && same(abs, p.resolve(home))) return refused('your home folder itself', 'home_folder');
  if (isWindows) {
    const { root } = p.parse(abs);
    if (same(abs, root)) return refused('the root of a drive');
    const top = abs.slice(root.length).split('\\')[0]?.toLowerCase() ?? '';
    if (top === 'windows' || top.startsWith('program files') || top === 'programdata')
      return refused('a system folder');
    return null;
  }
  if (POSIX_EXACT.includes(abs)) return refused('a system folder');
  if (POSIX_TREES.some((tree) => under(abs, tree))) return refused('a system folder');
  // /lib, /lib32, /lib64, /libx32 and whatever else a distribution puts there.
  if (/^\/lib[^/]*(\/|$)/.test(abs)) return refused('a system folder');
  return null;
}
