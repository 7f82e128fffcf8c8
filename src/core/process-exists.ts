/**
 * Whether a process with this id is running, for lock files that name their owner.
 * Signal 0 checks without sending anything; EPERM means it runs under another user.
 */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
