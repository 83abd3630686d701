//! Whether a drive is full. A write that fails for want of room is reported by some drivers as
//! something else (a FAT stick says "invalid argument"); the drive's own free space tells.
//! Unix asks `statvfs`; a port fills in its system's call (Windows: `GetDiskFreeSpaceExW`) or
//! leaves the answer "cannot tell".

use std::path::Path;

/// Free space below this (or below one block of the drive) after a failed write means the
/// drive is full: a write fails for want of room only when no block or cluster is free.
const NO_ROOM: u64 = 64 * 1024;

/// Whether the drive holding `dir` says it has (almost) no room left; `false` when it cannot
/// tell (a drive that reports no size at all tells nothing).
#[cfg(unix)]
pub fn no_room(dir: &Path) -> bool {
    match rustix::fs::statvfs(dir) {
        Ok(s) if s.f_blocks > 0 => {
            s.f_bavail.saturating_mul(s.f_frsize.max(1)) < NO_ROOM.max(s.f_bsize)
        }
        _ => false,
    }
}

/// Other systems report a full drive as such.
#[cfg(not(unix))]
pub fn no_room(_dir: &Path) -> bool {
    false
}
