//! What the benchmarks read of a process from `/proc`: its memory, its open
//! files, its CPU time.

/// A field of `/proc/<pid>/status` in kB (`VmRSS:`, `VmHWM:`), if the
/// process is there and has it.
pub fn status_kb(pid: u32, field: &str) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// How many files the process has open (0 when it is gone).
pub fn open_files(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|d| d.count())
        .unwrap_or(0)
}

/// CPU time the process has used (user + system), in seconds.
pub fn cpu_seconds(pid: u32) -> f64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0.0;
    };
    // Fields after the command's closing parenthesis; utime and stime are
    // the 14th and 15th of the line, in clock ticks (100 per second here).
    let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
        return 0.0;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// A running process, from `/proc/PID/stat`.
pub struct Proc {
    pub pid: u32,
    pub ppid: u32,
    pub name: String,
    /// When it started, in clock ticks since boot (field 22).
    pub start_ticks: u64,
}

/// The processes running now.
pub fn processes() -> std::io::Result<Vec<Proc>> {
    let mut procs = Vec::new();
    for entry in std::fs::read_dir("/proc")?.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        // The fields after the name start at field 3: ppid is field 4,
        // starttime field 22.
        let fields: Vec<&str> = stat
            .get(close + 2..)
            .unwrap_or_default()
            .split_whitespace()
            .collect();
        let field = |n: usize| fields.get(n - 3).and_then(|v| v.parse().ok());
        procs.push(Proc {
            pid,
            ppid: field(4).unwrap_or(0) as u32,
            name: stat[open + 1..close].to_owned(),
            start_ticks: field(22).unwrap_or(0),
        });
    }
    Ok(procs)
}

/// The processes `root` started, and theirs, with their names: (pid, name).
pub fn descendants(root: u32) -> Vec<(u32, String)> {
    let all = processes().unwrap_or_default();
    let mut found = Vec::new();
    let mut parents = vec![root];
    while let Some(parent) = parents.pop() {
        for p in all.iter().filter(|p| p.ppid == parent) {
            found.push((p.pid, p.name.clone()));
            parents.push(p.pid);
        }
    }
    found
}

/// The files process `pid` maps (its libraries), once each.
pub fn mapped_files(pid: u32) -> Vec<String> {
    let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).unwrap_or_default();
    let mut files: Vec<String> = maps
        .lines()
        .filter_map(|l| l.split_whitespace().nth(5))
        .filter(|p| p.starts_with('/'))
        .map(str::to_owned)
        .collect();
    files.sort();
    files.dedup();
    files
}
