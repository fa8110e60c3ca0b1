//! A small filesystem for disk-full tests: a `tmpfs` mounted on a
//! temporary folder (this needs root, as `make test` and CI run), filled
//! to its last block and given its space back on demand, unmounted when
//! dropped. Filling shrinks the filesystem to what it holds, so no data is
//! written to fill it and a large one fills at once.

use std::path::Path;
use std::process::Command;

/// A mounted `tmpfs` of a fixed size.
pub struct SmallDisk {
    dir: tempfile::TempDir,
    size: u64,
}

impl SmallDisk {
    /// Mounts a `tmpfs` of `size` bytes (writable by everyone, as `/tmp`).
    pub fn mount(size: u64) -> Result<SmallDisk, String> {
        let dir = tempfile::Builder::new()
            .prefix("switchboard-disk.")
            .tempdir()
            .map_err(|e| format!("no temporary folder: {e}"))?;
        run(Command::new("mount")
            .args(["-t", "tmpfs", "-o"])
            .arg(format!("size={size},mode=1777"))
            .arg("tmpfs")
            .arg(dir.path()))
        .map_err(|e| format!("a small filesystem needs root to mount a tmpfs: {e}"))?;
        Ok(SmallDisk { dir, size })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The bytes it holds now.
    pub fn used(&self) -> Result<u64, String> {
        let out = Command::new("stat")
            .args(["-f", "-c", "%b %f %S"])
            .arg(self.path())
            .output()
            .map_err(|e| format!("stat: {e}"))?;
        let text = String::from_utf8_lossy(&out.stdout);
        let n: Vec<u64> = text
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        match n.as_slice() {
            [blocks, free, block_size] => Ok((blocks - free) * block_size),
            _ => Err(format!("stat -f said {text:?}")),
        }
    }

    /// Leaves no free block: the filesystem shrinks to what it holds
    /// (tried again while writers grow it meanwhile).
    pub fn fill(&self) -> Result<(), String> {
        let mut last = String::new();
        for _ in 0..50 {
            let used = self.used()?.max(4096);
            match self.resize(used) {
                Ok(()) => return Ok(()),
                Err(e) => last = e,
            }
        }
        Err(format!("the filesystem could not be filled: {last}"))
    }

    /// Gives its whole size back.
    pub fn free(&self) -> Result<(), String> {
        self.resize(self.size)
    }

    fn resize(&self, size: u64) -> Result<(), String> {
        run(Command::new("mount")
            .args(["-o"])
            .arg(format!("remount,size={size}"))
            .arg(self.path()))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        // Lazily: a process still holding a file there lets go later.
        let _ = Command::new("umount").arg("-l").arg(self.path()).status();
    }
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let out = cmd.output().map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
    }
}
