-- Macros (issue 29), as the hub last listed them (steps: JSON this store
-- wrote from typed values), so the command palette lists them offline.
CREATE TABLE macros (
  id    INTEGER PRIMARY KEY,
  name  TEXT NOT NULL,
  steps TEXT NOT NULL
);
-- "Due soon" and "Overdue" are counted on every view-count read: a range of
-- this index holds exactly what each counts (BENCHMARKS.md: 0022's index
-- made the counts read a table row per pending target, 6 ms at a desk of
-- 20,000 conversations).
DROP INDEX conversations_by_due;
CREATE INDEX conversations_due_open ON conversations (due_at)
  WHERE due_at IS NOT NULL AND status = 'open' AND snoozed = 0;
