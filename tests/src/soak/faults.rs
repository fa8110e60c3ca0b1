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
/// desktops) and the network, run side by side so faults overlap. Hub 0
/// is never killed: it lives the whole run, for the leak check.
pub fn schedule(
    seed: u64,
    faults: usize,
    hubs: usize,
    desktops: usize,
) -> (Vec<Planned>, Vec<Planned>) {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut processes = Vec::new();
    let mut network = Vec::new();
    for n in 0..faults {
        let hold = Duration::from_millis(rng.gen_range(300..2500));
        if n % 2 == 0 {
            let fault = match rng.gen_range(0..10) {
                0..=3 if hubs > 1 => Fault::KillHub(rng.gen_range(1..hubs)),
                5.. if desktops > 0 => Fault::KillDesktop(rng.gen_range(0..desktops)),
                _ => Fault::KillDatabase,
            };
            processes.push(Planned { fault, hold });
        } else {
            let path = match rng.gen_range(0..7) {
                0..=2 => Path::Front(rng.gen_range(0..hubs)),
                3..=5 => Path::Database(rng.gen_range(0..hubs)),
                _ => Path::Graph,
            };
            let fault = match rng.gen_range(0..4) {
                0 => Fault::Reset(path),
                1 => Fault::Stall(path),
                2 => Fault::Latency(path, Duration::from_millis(rng.gen_range(50..400))),
                _ => Fault::Cut(path),
            };
            network.push(Planned { fault, hold });
        }
    }
    (processes, network)
}
