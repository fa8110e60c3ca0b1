//! Reports for admins: first-response time, resolution time and volume per
//! agent and per day over a period, from the messages and the audit log
//! (resolutions are audited with their time and who resolved). Days are
//! UTC days. Computed on request: a period's rows, not the whole store.

use super::*;
use std::collections::{BTreeMap, HashMap};
use switchboard_protocol::{AgentReport, DayReport, Report};

/// Kinds that are not a customer writing or an agent replying.
const NOT_WRITING: &str = "('call', 'reaction', 'edit', 'revoke', 'system', 'note', 'deleted')";

const DAY: i64 = 86_400;

fn median(mut v: Vec<i64>) -> Option<i64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2
    })
}

/// The most days one report holds (a period is at most 366 days, which can
/// touch 367 UTC days).
pub const MAX_REPORT_DAYS: usize = 367;

/// Which conversations a report counts: all, or one team's (the team it is
/// in now), or one inbox's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportScope {
    pub team: Option<i64>,
    pub inbox: Option<String>,
}

/// The messages of the conversations in scope (`?3`: a team, `?4`: an
/// inbox; either NULL for all).
const IN_SCOPE: &str = "AND (CAST(?3 AS BIGINT) IS NULL OR conversation_id IN (SELECT id FROM conversations WHERE team_id = ?3))
     AND (CAST(?4 AS TEXT) IS NULL OR conversation_id IN (SELECT id FROM conversations WHERE phone_number_id = ?4))";

pub fn report(
    conn: &dyn Db,
    from: i64,
    to: i64,
    scope: &ReportScope,
) -> Result<Report, StoreError> {
    let mut days = empty_days(from, to);
    let names: HashMap<i64, String> = list_agents(conn)?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect();
    let mut per_agent: BTreeMap<i64, AgentTally> = BTreeMap::new();
    count_inbound(conn, from, to, scope, &mut days)?;
    count_replies(conn, from, to, scope, &mut days, &mut per_agent)?;
    count_new_conversations(conn, from, to, scope, &mut days, &mut per_agent)?;
    count_resolutions(conn, from, to, scope, &mut days, &mut per_agent)?;
    let (sla_met, sla_missed) = count_targets(conn, from, to, scope, &mut per_agent)?;
    let csat = count_ratings(conn, from, to, scope, &mut per_agent)?;
    Ok(Report {
        from,
        to,
        agents: per_agent
            .into_iter()
            .map(|(agent_id, tally)| AgentReport {
                name: names
                    .get(&agent_id)
                    .cloned()
                    .unwrap_or_else(|| format!("Agent #{agent_id}")),
                agent_id,
                replies: tally.replies,
                first_responses: tally.firsts.len() as i64,
                first_response_median_secs: median(tally.firsts),
                resolved: tally.resolved,
                resolution_median_secs: median(tally.resolutions),
                sla_met: tally.sla_met,
                sla_missed: tally.sla_missed,
                csat_good: tally.csat[0],
                csat_ok: tally.csat[1],
                csat_poor: tally.csat[2],
            })
            .collect(),
        days: days.into_values().collect(),
        sla_met,
        sla_missed,
        csat_good: csat[0],
        csat_ok: csat[1],
        csat_poor: csat[2],
    })
}

/// Satisfaction answers given in the period (in scope), good / OK / poor,
/// per agent who resolved the conversation and in all.
fn count_ratings(
    conn: &dyn Db,
    from: i64,
    to: i64,
    scope: &ReportScope,
    per_agent: &mut BTreeMap<i64, AgentTally>,
) -> Result<[i64; 3], StoreError> {
    let rows = conn.rows(
        "SELECT csat_agent, csat, count(*) FROM conversations
          WHERE csat IS NOT NULL AND csat_at >= ?1 AND csat_at < ?2
            AND (CAST(?3 AS BIGINT) IS NULL OR team_id = ?3)
            AND (CAST(?4 AS TEXT) IS NULL OR phone_number_id = ?4)
          GROUP BY csat_agent, csat",
        vals![from, to, scope.team, &scope.inbox],
    )?;
    let mut all = [0; 3];
    for r in rows {
        let (agent, rating, n) = (r.opt_i64(0)?, r.i64(1)?, r.i64(2)?);
        let Some(slot) = usize::try_from(3 - rating).ok().filter(|s| *s < 3) else {
            continue;
        };
        all[slot] += n;
        if let Some(a) = agent {
            per_agent.entry(a).or_default().csat[slot] += n;
        }
    }
    Ok(all)
}

/// Service-level targets due in the period, met and missed, per agent and
/// in all (`sla_events`, which carries each target's team and inbox).
fn count_targets(
    conn: &dyn Db,
    from: i64,
    to: i64,
    scope: &ReportScope,
    per_agent: &mut BTreeMap<i64, AgentTally>,
) -> Result<(i64, i64), StoreError> {
    let rows = conn.rows(
        "SELECT agent_id, met, count(*) FROM sla_events
          WHERE due_at >= ?1 AND due_at < ?2
            AND (CAST(?3 AS BIGINT) IS NULL OR team_id = ?3)
            AND (CAST(?4 AS TEXT) IS NULL OR inbox = ?4)
          GROUP BY agent_id, met",
        vals![from, to, scope.team, &scope.inbox],
    )?;
    let (mut met, mut missed) = (0, 0);
    for r in rows {
        let (agent, ok, n) = (r.opt_i64(0)?, r.i64(1)? != 0, r.i64(2)?);
        if ok {
            met += n;
        } else {
            missed += n;
        }
        if let Some(a) = agent {
            let tally = per_agent.entry(a).or_default();
            if ok {
                tally.sla_met += n;
            } else {
                tally.sla_missed += n;
            }
        }
    }
    Ok((met, missed))
}

/// One agent's figures as they are counted: replies, seconds to each first
/// response, resolutions, and seconds to each resolution.
#[derive(Default)]
struct AgentTally {
    replies: i64,
    firsts: Vec<i64>,
    resolved: i64,
    resolutions: Vec<i64>,
    sla_met: i64,
    sla_missed: i64,
    /// Satisfaction answers, good / OK / poor.
    csat: [i64; 3],
}

/// The start of the UTC day `t` is in.
fn day_of(t: i64) -> i64 {
    t.div_euclid(DAY) * DAY
}

/// Every UTC day the period touches, each with nothing counted yet.
fn empty_days(from: i64, to: i64) -> BTreeMap<i64, DayReport> {
    let mut days: BTreeMap<i64, DayReport> = BTreeMap::new();
    // Checked, and at most a year and a day of rows, whatever the caller
    // checked before (issue 24.7: a period near i64::MAX wrapped and never ended).
    let mut d = day_of(from);
    while d < to && days.len() < MAX_REPORT_DAYS {
        days.insert(
            d,
            DayReport {
                day: d,
                new_conversations: 0,
                inbound: 0,
                replies: 0,
                resolved: 0,
            },
        );
        let Some(next) = d.checked_add(DAY) else {
            break;
        };
        d = next;
    }
    days
}

/// Counts customers writing, by day.
fn count_inbound(
    conn: &dyn Db,
    from: i64,
    to: i64,
    scope: &ReportScope,
    days: &mut BTreeMap<i64, DayReport>,
) -> Result<(), StoreError> {
    for r in conn.rows(
        &format!(
            "SELECT timestamp FROM messages WHERE direction = 'inbound' AND kind NOT IN {NOT_WRITING}
             AND timestamp >= ?1 AND timestamp < ?2 {IN_SCOPE}"
        ),
        vals![from, to, scope.team, &scope.inbox],
    )? {
        if let Some(day) = days.get_mut(&day_of(r.i64(0)?)) {
            day.inbound += 1;
        }
    }
    Ok(())
}

/// Counts replies, by day and agent.
fn count_replies(
    conn: &dyn Db,
    from: i64,
    to: i64,
    scope: &ReportScope,
    days: &mut BTreeMap<i64, DayReport>,
    per_agent: &mut BTreeMap<i64, AgentTally>,
) -> Result<(), StoreError> {
    for r in conn.rows(
        &format!(
            "SELECT timestamp, sent_by FROM messages WHERE direction = 'outbound' AND sent_by IS NOT NULL
             AND kind NOT IN {NOT_WRITING} AND timestamp >= ?1 AND timestamp < ?2 {IN_SCOPE}"
        ),
        vals![from, to, scope.team, &scope.inbox],
    )? {
        if let Some(day) = days.get_mut(&day_of(r.i64(0)?)) {
            day.replies += 1;
        }
        per_agent.entry(r.i64(1)?).or_default().replies += 1;
    }
    Ok(())
}

/// Counts new conversations (the customer's first message in the period)
/// by day, and times their first reply, whenever it came, by agent.
fn count_new_conversations(
    conn: &dyn Db,
    from: i64,
    to: i64,
    scope: &ReportScope,
    days: &mut BTreeMap<i64, DayReport>,
    per_agent: &mut BTreeMap<i64, AgentTally>,
) -> Result<(), StoreError> {
    for r in conn.rows(
        &format!(
            "SELECT f.conversation_id, f.first,
                    (SELECT m.timestamp FROM messages m WHERE m.conversation_id = f.conversation_id
                       AND m.direction = 'outbound' AND m.sent_by IS NOT NULL AND m.kind NOT IN {NOT_WRITING}
                       AND m.timestamp >= f.first ORDER BY m.timestamp, m.id LIMIT 1),
                    (SELECT m.sent_by FROM messages m WHERE m.conversation_id = f.conversation_id
                       AND m.direction = 'outbound' AND m.sent_by IS NOT NULL AND m.kind NOT IN {NOT_WRITING}
                       AND m.timestamp >= f.first ORDER BY m.timestamp, m.id LIMIT 1)
             FROM (SELECT conversation_id, MIN(timestamp) AS first FROM messages
                   WHERE direction = 'inbound' AND kind NOT IN {NOT_WRITING} {IN_SCOPE}
                   GROUP BY conversation_id) f
             WHERE f.first >= ?1 AND f.first < ?2"
        ),
        vals![from, to, scope.team, &scope.inbox],
    )? {
        let first = r.i64(1)?;
        if let Some(day) = days.get_mut(&day_of(first)) {
            day.new_conversations += 1;
        }
        if let (Some(at), Some(agent)) = (r.opt_i64(2)?, r.opt_i64(3)?) {
            let a = per_agent.entry(agent).or_default();
            a.firsts.push(at - first);
        }
    }
    Ok(())
}

/// Counts resolutions by day and agent: who and when (the audit log), and
/// how long since the customer's first message after the conversation's
/// previous resolution.
fn count_resolutions(
    conn: &dyn Db,
    from: i64,
    to: i64,
    scope: &ReportScope,
    days: &mut BTreeMap<i64, DayReport>,
    per_agent: &mut BTreeMap<i64, AgentTally>,
) -> Result<(), StoreError> {
    let resolves = conn.rows(
        "SELECT at, actor, subject FROM audit WHERE action = 'resolve' AND at < ?1 ORDER BY id",
        vals![to],
    )?;
    let in_scope: Option<std::collections::HashSet<i64>> =
        if scope.team.is_some() || scope.inbox.is_some() {
            Some(
                conn.rows(
                    "SELECT id FROM conversations WHERE (CAST(?1 AS BIGINT) IS NULL OR team_id = ?1)
                       AND (CAST(?2 AS TEXT) IS NULL OR phone_number_id = ?2)",
                    vals![scope.team, &scope.inbox],
                )?
                .iter()
                .map(|r| r.i64(0))
                .collect::<Result<_, _>>()?,
            )
        } else {
            None
        };
    let mut previous: HashMap<i64, i64> = HashMap::new();
    for r in resolves {
        let (at, actor, subject) = (r.i64(0)?, r.opt_i64(1)?, r.text(2)?);
        let Some(conversation_id) = subject
            .strip_prefix("conversation:")
            .and_then(|id| id.parse::<i64>().ok())
        else {
            continue;
        };
        if in_scope
            .as_ref()
            .is_some_and(|ids| !ids.contains(&conversation_id))
        {
            continue;
        }
        let since = previous.insert(conversation_id, at).unwrap_or(i64::MIN);
        if at < from {
            continue;
        }
        if let Some(day) = days.get_mut(&day_of(at)) {
            day.resolved += 1;
        }
        let Some(actor) = actor else { continue };
        let opened = conn
            .one(
                &format!(
                    "SELECT MIN(timestamp) FROM messages WHERE conversation_id = ?1 AND direction = 'inbound'
                     AND kind NOT IN {NOT_WRITING} AND timestamp > ?2 AND timestamp <= ?3"
                ),
                vals![conversation_id, since, at],
            )?
            .opt_i64(0)?;
        let a = per_agent.entry(actor).or_default();
        a.resolved += 1;
        if let Some(opened) = opened {
            a.resolutions.push(at - opened);
        }
    }
    Ok(())
}

/// The report as CSV: the agents, a blank line, then the days (dates as
/// `YYYY-MM-DD`, times in seconds, empty where there is no figure).
pub fn report_csv(r: &Report) -> String {
    let opt = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    let field = |s: &str| {
        if s.contains([',', '"', '\n', '\r']) || s.starts_with(['=', '+', '-', '@']) {
            // Quoted, and a leading formula character defused for spreadsheets.
            let s = if s.starts_with(['=', '+', '-', '@']) {
                format!("'{s}")
            } else {
                s.to_owned()
            };
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_owned()
        }
    };
    let mut out = String::from(
        "agent,replies,first_responses,first_response_median_secs,resolved,resolution_median_secs,sla_met,sla_missed,csat_good,csat_ok,csat_poor\n",
    );
    for a in &r.agents {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{}\n",
            field(&a.name),
            a.replies,
            a.first_responses,
            opt(a.first_response_median_secs),
            a.resolved,
            opt(a.resolution_median_secs),
            a.sla_met,
            a.sla_missed,
            a.csat_good,
            a.csat_ok,
            a.csat_poor
        ));
    }
    out.push_str("\nday,new_conversations,inbound,replies,resolved\n");
    for d in &r.days {
        out.push_str(&format!(
            "{},{},{},{},{}\n",
            date(d.day),
            d.new_conversations,
            d.inbound,
            d.replies,
            d.resolved
        ));
    }
    out
}

/// `YYYY-MM-DD` of a UTC day (civil-from-days, Howard Hinnant's algorithm).
fn date(day_start: i64) -> String {
    let z = day_start.div_euclid(DAY) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_medians() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(1_764_547_200), "2025-12-01");
        assert_eq!(median(vec![5, 1, 3]), Some(3));
        assert_eq!(median(vec![4, 1, 3, 2]), Some(2));
        assert_eq!(median(Vec::new()), None);
    }
}
