//! The fault schedule: drawn from a seed, so a failing run is replayed by
//! its seed, and printed line by line as it is applied.

use rand::{Rng, SeedableRng};
use std::time::Duration;

/// Where a network fault strikes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Path {
    /// Between the desktops and hub `i`.
    Front(usize),
    /// Between hub `i` and the database.
    Database(usize),
    /// Between the hubs and the Graph API.
    Graph,
}

/// One fault, held for a while and then healed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fault {
    /// SIGKILL of hub `i`, started again when healed.
    KillHub(usize),
    /// SIGKILL of PostgreSQL, started again when healed (crash recovery).
    KillDatabase,
    /// SIGKILL of desktop `i` (mid-sync or mid-send), started again on its store.
    KillDesktop(usize),
    /// The database's disk left without a free block; its space given
    /// back when healed (and the server started again if it stopped).
    DatabaseDiskFull,
    /// Desktop `i`'s wall clock jumped by this many seconds (forward: a
    /// laptop woken from sleep, a wrong clock; back: a clock corrected);
    /// set right again when healed. Its monotonic clock runs on.
    Clock(usize, i64),
    /// Every open connection on the path reset.
    Reset(Path),
    /// Connections stay open and nothing passes (half-open, a stalled stream).
    Stall(Path),
    /// Every chunk delayed.
    Latency(Path, Duration),
    /// New connections refused and open ones reset: a partition.
    Cut(Path),
}

impl Fault {
    /// The kind, for the report's per-kind figures.
    pub fn kind(&self) -> &'static str {
        match self {
            Fault::KillHub(_) => "kill a hub",
            Fault::KillDatabase => "kill PostgreSQL",
            Fault::KillDesktop(_) => "kill a desktop",
            Fault::DatabaseDiskFull => "fill the database's disk",
            Fault::Clock(..) => "jump a desktop's clock",
            Fault::Reset(_) => "reset connections",
            Fault::Stall(_) => "stall a path",
            Fault::Latency(..) => "latency",
            Fault::Cut(Path::Database(_)) => "partition a hub from the database",
            Fault::Cut(_) => "partition",
        }
    }

    /// The hub whose availability this fault touches, if one.
    pub fn hub(&self) -> Option<usize> {
        match self {
            Fault::KillHub(i) => Some(*i),
            Fault::Reset(p) | Fault::Stall(p) | Fault::Latency(p, _) | Fault::Cut(p) => match p {
                Path::Front(i) | Path::Database(i) => Some(*i),
                Path::Graph => None,
            },
            _ => None,
        }
    }
}

/// A fault and how long it is held before it heals.
#[derive(Debug, Clone, Copy)]
pub struct Planned {
    pub fault: Fault,
    pub hold: Duration,
}

/// Two lanes of faults from one seed: processes (hubs, the database,
/// desktops) and the network, run side by side so faults overlap. Each
/// lane opens with every kind it has once, in a seeded order, so a short
/// run meets them all; the rest are drawn. Hub 0 is never killed: it lives
/// the whole run, for the leak check.
pub fn schedule(
    seed: u64,
    faults: usize,
    hubs: usize,
    desktops: usize,
) -> (Vec<Planned>, Vec<Planned>) {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut process_kinds: Vec<u32> = (0..10).collect();
    let mut network_kinds: Vec<u32> = (0..5).collect();
    shuffle(&mut rng, &mut process_kinds);
    shuffle(&mut rng, &mut network_kinds);
    // One of each process kind: a hub, the database, its disk, a clock, a desktop.
    process_kinds.retain(|k| [0, 3, 4, 5, 6].contains(k));
    let mut processes = Vec::new();
    let mut network = Vec::new();
    for n in 0..faults {
        let hold = Duration::from_millis(rng.gen_range(300..2500));
        if n % 2 == 0 {
            let kind = process_kinds.pop().unwrap_or_else(|| rng.gen_range(0..10));
            let fault = process_fault(&mut rng, kind, hubs, desktops);
            processes.push(Planned { fault, hold });
        } else {
            let kind = network_kinds.pop().unwrap_or_else(|| rng.gen_range(0..5));
            let fault = network_fault(&mut rng, kind, hubs);
            network.push(Planned { fault, hold });
        }
    }
    (processes, network)
}

fn shuffle(rng: &mut rand::rngs::StdRng, kinds: &mut [u32]) {
    for i in (1..kinds.len()).rev() {
        kinds.swap(i, rng.gen_range(0..=i));
    }
}

/// Kinds 0–2 kill a hub, 3 the database, 4 fill its disk, 5 jump a
/// desktop's clock, 6–9 kill a desktop.
fn process_fault(rng: &mut rand::rngs::StdRng, kind: u32, hubs: usize, desktops: usize) -> Fault {
    match kind {
        0..=2 if hubs > 1 => Fault::KillHub(rng.gen_range(1..hubs)),
        4 => Fault::DatabaseDiskFull,
        5 if desktops > 0 => {
            // An hour or a day ahead, ten minutes or two hours behind.
            const JUMPS: [i64; 4] = [3_600, 86_400, -600, -7_200];
            Fault::Clock(
                rng.gen_range(0..desktops),
                JUMPS[rng.gen_range(0..JUMPS.len())],
            )
        }
        6.. if desktops > 0 => Fault::KillDesktop(rng.gen_range(0..desktops)),
        _ => Fault::KillDatabase,
    }
}

/// Kinds 0–2 are a reset, a stall and latency on a drawn path; 3 is a
/// partition of a hub from its desktops or of the hubs from Meta; 4 a
/// partition of a hub from the database.
fn network_fault(rng: &mut rand::rngs::StdRng, kind: u32, hubs: usize) -> Fault {
    let draw = rng.gen_range(0..7);
    let path = match kind {
        4 => Path::Database(rng.gen_range(0..hubs)),
        3 if draw < 4 => Path::Front(rng.gen_range(0..hubs)),
        3 => Path::Graph,
        _ => match draw {
            0..=2 => Path::Front(rng.gen_range(0..hubs)),
            3..=5 => Path::Database(rng.gen_range(0..hubs)),
            _ => Path::Graph,
        },
    };
    match kind {
        0 => Fault::Reset(path),
        1 => Fault::Stall(path),
        2 => Fault::Latency(path, Duration::from_millis(rng.gen_range(50..400))),
        _ => Fault::Cut(path),
    }
}
